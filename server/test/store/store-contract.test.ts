import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { CountDelta, IngestBatch } from '../../src/model/counts.js';
import type { Resource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';
import { memoryContractDatabase, testContractDatabase } from '../support/contract-database.js';
import type { ContractDatabase } from '../support/contract-database.js';
import { newResource } from '../support/new-resource.js';

const MINUTE = 1_700_000_040;

function batch(resource: Resource, frameId: string | null, deltas: CountDelta[], requests = 1): IngestBatch {
  return { resourceSeq: resource.seq, frameId, deltas, totals: { requests, lostLines: 0, parseErrors: 0 } };
}

const all = (n: number, bucket = MINUTE, level: CountDelta['level'] = 'minute'): CountDelta => ({ level, bucket, dim: 'all', key: '', n });

describe('store contract', () => storeContract(testContractDatabase));
describe('store contract on the in-memory store', () => storeContract(memoryContractDatabase));

function storeContract(createDatabase: () => Promise<ContractDatabase>): void {
  let database: ContractDatabase;
  // Two stores on one database: two processes, as far as the database can tell.
  let store: Store;
  let other: Store;

  beforeEach(async () => {
    database = await createDatabase();
    store = await database.open();
    other = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await other.close();
    await database.drop();
  });

  async function created(s: Store = store): Promise<Resource> {
    const result = await s.createResource(newResource());
    if (result.outcome !== 'created') throw new Error(`expected created, got ${result.outcome}`);
    return result.resource;
  }

  async function minuteTotal(resource: Resource): Promise<number> {
    const rows = await store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: 2 ** 40, dims: ['all'] });
    return rows.reduce((sum, row) => sum + row.n, 0);
  }

  it('reports its kind and answers ping', async () => {
    expect(store.kind).to.equal(database.kind);
    await store.ping();
  });

  it('creates a resource once under concurrent creates from two processes', async () => {
    // Many rounds: two inserts of one resource can collide on any of its unique columns first.
    for (let round = 0; round < 50; round++) {
      const racing = newResource();
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => (i % 2 ? other : store).createResource(racing)));
      expect(results.filter((r) => r.outcome === 'created')).to.have.length(1);
      expect(new Set(results.map((r) => (r.outcome === 'deleted' ? -1 : r.resource.seq))).size).to.equal(1);
    }
    expect(await store.listResources()).to.have.length(50);

    const resource = newResource();
    await Promise.all([store.createResource(resource), other.createResource(resource)]);
    const stored = await other.getResource(resource.id);
    expect(stored).to.include({ id: resource.id, plan: 'hobby', badgeEnabled: false, publicId: resource.publicId, logDrainToken: resource.logDrainToken });
    expect(stored?.options).to.deep.equal({ timezone: 'Europe/Berlin' });
    expect(stored?.prunedBefore).to.deep.equal({ minute: 0, hour: 0 });
    expect(stored?.createdAt).to.be.instanceOf(Date);
    expect((await store.getResourceByPublicId(resource.publicId))?.id).to.equal(resource.id);
  });

  it('changes plans and badge state', async () => {
    const resource = await created();
    expect(await store.changePlan(resource.id, 'pro')).to.equal('changed');
    expect(await other.changePlan(resource.id, 'pro')).to.equal('unchanged');
    expect(await store.changePlan(randomUUID(), 'pro')).to.equal('not_found');
    await store.setBadgeEnabled(resource.id, true);
    expect(await other.getResource(resource.id)).to.include({ plan: 'pro', badgeEnabled: true });
  });

  it('counts a frame id once: within one commit, across commits and across processes at once', async () => {
    const resource = await created();
    const outcomes = await store.commitBatches([batch(resource, 'F1', [all(2)], 2), batch(resource, 'F1', [all(2)], 2), batch(resource, null, [all(1)])]);
    expect(outcomes.map((o) => o.duplicate)).to.deep.equal([false, true, false]);
    expect((await other.commitBatches([batch(resource, 'F1', [all(2)], 2)]))[0]?.duplicate).to.equal(true);

    const racing = await Promise.all([
      store.commitBatches([batch(resource, 'F2', [all(5)], 5)]),
      other.commitBatches([batch(resource, 'F2', [all(5)], 5)]),
    ]);
    expect(racing.flat().filter((o) => !o.duplicate)).to.have.length(1);
    expect(await minuteTotal(resource)).to.equal(8);
    expect(await store.readTotals(resource.seq)).to.deep.equal({ requests: 8, lostLines: 0, parseErrors: 0 });
  });

  it('adds every delta exactly under many concurrent commits touching the same rows in different orders', async () => {
    const [a, b] = [await created(), await created(other)] as [Resource, Resource];
    const keys = ['GET', 'POST', 'PUT', 'DELETE'];
    const deltas = (reverse: boolean): CountDelta[] => {
      const list = keys.flatMap((key) => [
        { level: 'minute' as const, bucket: MINUTE, dim: 'method' as const, key, n: 1 },
        { level: 'hour' as const, bucket: MINUTE - 40, dim: 'method' as const, key, n: 1 },
      ]);
      return reverse ? list.reverse() : list;
    };
    const commits = Array.from({ length: 24 }, (_, i) => {
      const [first, second] = i % 2 ? [a, b] : [b, a];
      return (i % 3 ? store : other).commitBatches([
        batch(first, `c${i}-1`, deltas(i % 2 === 0), 4),
        batch(second, `c${i}-2`, deltas(i % 2 === 1), 4),
      ]);
    });
    await Promise.all(commits);
    for (const resource of [a, b]) {
      const rows = await store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: MINUTE, to: MINUTE + 60, dims: ['method'] });
      expect(rows.map((r) => [r.key, r.n]).sort()).to.deep.equal(keys.map((k) => [k, 24]).sort());
      expect((await other.readTotals(resource.seq)).requests).to.equal(96);
    }
  });

  it('reads counts by level, range and dimension', async () => {
    const resource = await created();
    await store.commitBatches([
      batch(resource, 'R1', [
        all(3, MINUTE),
        all(4, MINUTE + 60),
        all(7, MINUTE - 40, 'hour'),
        { level: 'day', bucket: 1_699_920_000, dim: 'path', key: '/users/:id', n: 2 },
        { level: 'day', bucket: 1_699_920_000, dim: 'path', key: '/', n: 5 },
        { level: 'minute', bucket: MINUTE, dim: 'status', key: '200', n: 3 },
      ]),
    ]);
    const minute = await other.readCounts({ resourceSeq: resource.seq, level: 'minute', from: MINUTE, to: MINUTE + 60, dims: ['all', 'status'] });
    expect(minute.sort((x, y) => x.dim.localeCompare(y.dim))).to.deep.equal([
      { bucket: MINUTE, dim: 'all', key: '', n: 3 },
      { bucket: MINUTE, dim: 'status', key: '200', n: 3 },
    ]);
    expect(await other.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: 2 ** 40, dims: [] })).to.deep.equal([]);
  });

  it('keeps separate totals per resource', async () => {
    const [a, b] = [await created(), await created()] as [Resource, Resource];
    await store.commitBatches([
      { resourceSeq: a.seq, frameId: null, deltas: [all(3)], totals: { requests: 3, lostLines: 10, parseErrors: 1 } },
      { resourceSeq: b.seq, frameId: null, deltas: [all(1)], totals: { requests: 1, lostLines: 0, parseErrors: 0 } },
      { resourceSeq: a.seq, frameId: null, deltas: [all(2)], totals: { requests: 2, lostLines: 0, parseErrors: 2 } },
    ]);
    expect(await other.readTotals(a.seq)).to.deep.equal({ requests: 5, lostLines: 10, parseErrors: 3 });
    expect(await other.readTotals(b.seq)).to.deep.equal({ requests: 1, lostLines: 0, parseErrors: 0 });
  });

  it('purges a resource: counts, totals and frames gone, a tombstone left, no resurrection', async () => {
    const resource = await created();
    const keep = await created();
    await store.commitBatches([batch(resource, 'P1', [all(2)], 2), batch(keep, 'P1', [all(1)])]);
    expect(await other.deleteResource(resource.id)).to.equal('deleted');
    expect(await store.deleteResource(resource.id)).to.equal('gone');
    expect(await store.deleteResource(randomUUID())).to.equal('gone');
    expect(await store.getResource(resource.id)).to.equal(null);
    expect(await store.createResource(newResource({ id: resource.id }))).to.deep.equal({ outcome: 'deleted' });
    expect((await database.dump('counts')).map((r) => Number(r.resource))).to.deep.equal([keep.seq]);
    expect((await database.dump('frames')).map((r) => Number(r.resource))).to.deep.equal([keep.seq]);
    expect((await database.dump('totals')).map((r) => Number(r.resource))).to.deep.equal([keep.seq]);
    // A commit that arrives after the purge adds nothing for the deleted resource.
    await store.commitBatches([batch(resource, 'P2', [all(9)], 9)]);
    expect((await database.dump('counts')).map((r) => Number(r.resource))).to.deep.equal([keep.seq]);
    expect(await store.readTotals(resource.seq)).to.deep.equal({ requests: 0, lostLines: 0, parseErrors: 0 });
  });

  it('prunes minute and hour rows before the cutoffs, keeps days, and never moves a cutoff back', async () => {
    const resource = await created();
    await store.commitBatches([
      batch(resource, null, [all(1, 1000), all(1, 2000), all(1, 1000, 'hour'), all(1, 5000, 'hour'), all(1, 0, 'day')]),
    ]);
    await other.prune(resource.seq, { minute: 1500, hour: 4000 });
    const levels = { minute: [2000], hour: [5000], day: [0] };
    for (const [level, buckets] of Object.entries(levels)) {
      const rows = await store.readCounts({ resourceSeq: resource.seq, level: level as CountDelta['level'], from: 0, to: 10_000, dims: ['all'] });
      expect(rows.map((r) => r.bucket), level).to.deep.equal(buckets);
    }
    await store.prune(resource.seq, { minute: 100, hour: 100 });
    expect((await store.getResource(resource.id))?.prunedBefore).to.deep.equal({ minute: 1500, hour: 4000 });
  });

  it('runs commit, prune, delete and forget on one resource at once from two processes without deadlock', async () => {
    for (let round = 0; round < 15; round++) {
      const resource = await created();
      await store.commitBatches([batch(resource, `old-${round}`, [all(1, 1000), all(1, 1000, 'hour')])]);
      const results = await Promise.allSettled([
        store.commitBatches([batch(resource, `r${round}`, [all(1, 1000), all(1, 2000), all(1, 1000, 'hour')])]),
        other.prune(resource.seq, { minute: 1500, hour: 1500 }),
        other.deleteResource(resource.id),
        store.forgetFramesBefore(0),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).to.deep.equal([]);
    }
  });

  it('sums what several processes added, and retention leaves one row per key for old buckets', async () => {
    const resource = await created();
    const old = [all(2, 3600, 'hour'), all(2, 0, 'day'), { level: 'day' as const, bucket: 0, dim: 'status' as const, key: '200', n: 2 }];
    const recent = [all(1, 90_000), all(1, 86_400, 'day')];
    await store.commitBatches([batch(resource, 'S1', [...old, ...recent], 3)]);
    await other.commitBatches([batch(resource, 'S2', [...old, ...recent], 3)]);
    const sums = async () => ({
      totals: await store.readTotals(resource.seq),
      days: await other.readCounts({ resourceSeq: resource.seq, level: 'day', from: 0, to: 2 ** 40, dims: ['all', 'status'] }),
      hours: await other.readCounts({ resourceSeq: resource.seq, level: 'hour', from: 0, to: 2 ** 40, dims: ['all'] }),
    });
    const before = await sums();
    expect(before.totals.requests).to.equal(6);
    const byBucketAndDim = (rows: { bucket: number; dim: string }[]) => [...rows].sort((a, b) => a.bucket - b.bucket || a.dim.localeCompare(b.dim));
    expect(byBucketAndDim(before.days)).to.deep.equal([
      { bucket: 0, dim: 'all', key: '', n: 4 },
      { bucket: 0, dim: 'status', key: '200', n: 4 },
      { bucket: 86_400, dim: 'all', key: '', n: 2 },
    ]);
    expect(before.hours).to.deep.equal([{ bucket: 3600, dim: 'all', key: '', n: 4 }]);

    await store.prune(resource.seq, { minute: 50_000, hour: 0 });
    const after = await sums();
    expect({ ...after, days: byBucketAndDim(after.days) }).to.deep.equal({ ...before, days: byBucketAndDim(before.days) });
    const oldRows = (await database.dump('counts')).filter((row) => Number(row.bucket) < 50_000);
    expect(oldRows).to.have.length(3);
    expect((await database.dump('totals')).filter((row) => Number(row.resource) === resource.seq)).to.have.length(1);
  });

  it('keeps shared links per resource: create, list newest first, find by token hash, revoke; a purge takes them', async () => {
    const resource = await created();
    const neighbour = await created();
    const share = (id: string, createdAt: number, resourceId = resource.id) => ({
      id,
      resourceId,
      tokenHash: `hash-${id}`,
      showPaths: id === 'b',
      passwordHash: id === 'b' ? 'scrypt$salt$key' : null,
      expiresAt: id === 'b' ? createdAt + 86_400 : null,
      createdAt,
    });
    await store.createShare(share('a', 1_700_000_000));
    await other.createShare(share('b', 1_700_000_100));
    await store.createShare(share('c', 1_700_000_200, neighbour.id));
    expect(await other.listShares(resource.id)).to.deep.equal([share('b', 1_700_000_100), share('a', 1_700_000_000)]);
    expect(await store.getShareByTokenHash('hash-b')).to.deep.equal(share('b', 1_700_000_100));
    expect(await store.getShareByTokenHash('hash-zzz')).to.equal(null);
    // One resource cannot revoke another's link.
    expect(await store.revokeShare(resource.id, 'c')).to.equal(false);
    expect(await other.revokeShare(resource.id, 'a')).to.equal(true);
    expect(await store.revokeShare(resource.id, 'a')).to.equal(false);
    expect(await store.getShareByTokenHash('hash-a')).to.equal(null);
    expect(await store.deleteResource(resource.id)).to.equal('deleted');
    expect(await store.getShareByTokenHash('hash-b')).to.equal(null);
    expect((await store.listShares(neighbour.id)).map((s) => s.id)).to.deep.equal(['c']);
  });

  it('forgets old frame ids, so the same id counts again afterwards', async () => {
    const resource = await created();
    await store.commitBatches([batch(resource, 'OLD', [all(1)])]);
    await other.forgetFramesBefore(Math.floor(Date.now() / 1000) - 60);
    expect((await store.commitBatches([batch(resource, 'OLD', [all(1)])]))[0]?.duplicate).to.equal(true);
    await other.forgetFramesBefore(Math.floor(Date.now() / 1000) + 60);
    expect(await database.dump('frames')).to.deep.equal([]);
    expect((await store.commitBatches([batch(resource, 'OLD', [all(1)])]))[0]?.duplicate).to.equal(false);
  });

  it('runs an exclusive job in one process at a time (SQLite: always the one process)', async () => {
    let release = () => {};
    const holding = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    let entered = () => {};
    const holds = new Promise<void>((resolve) => (entered = resolve));
    const first = store.runExclusive('retention', async () => {
      runs++;
      entered();
      await holding;
    });
    await holds;
    const second = await other.runExclusive('retention', async () => {
      runs++;
    });
    expect(second).to.equal(database.kind === 'sqlite');
    expect(await other.runExclusive('another-job', async () => undefined)).to.equal(true);
    release();
    expect(await first).to.equal(true);
    expect(runs).to.equal(database.kind === 'sqlite' ? 2 : 1);
    expect(await other.runExclusive('retention', async () => undefined)).to.equal(true);
  });

  it('claims a round of a periodic job once across processes, again only after the gap', async () => {
    const t = 1_800_000_000;
    expect(await store.claimJobRound('retention', t, 150)).to.equal(true);
    expect(await other.claimJobRound('retention', t, 150)).to.equal(false);
    expect(await other.claimJobRound('retention', t + 149, 150)).to.equal(false);
    expect(await other.claimJobRound('another-job', t + 149, 150)).to.equal(true);
    expect(await other.claimJobRound('retention', t + 150, 150)).to.equal(true);
    expect(await store.claimJobRound('retention', t + 200, 150)).to.equal(false);
    // A clock behind the last claim claims nothing; a gap of 0 always claims forward.
    expect(await store.claimJobRound('retention', t, 0)).to.equal(false);
    expect(await store.claimJobRound('retention', t + 150, 0)).to.equal(true);
    const rows = (await database.dump('job_runs')).map((row) => [row.job, Number(row.last_minute)]).sort();
    expect(rows).to.deep.equal([['another-job', t + 149], ['retention', t + 150]]);
  });

  it("keeps the operator's records: plan history, ingest days added up across processes, process stats", async () => {
    const a = await created();
    expect(await store.changePlan(a.id, 'pro')).to.equal('changed');
    expect(await store.changePlan(a.id, 'pro')).to.equal('unchanged');
    expect(await store.deleteResource(a.id)).to.equal('deleted');
    const events = (await other.listPlanEvents()).filter((e) => e.resourceSeq === a.seq);
    expect(events.map((e) => e.plan)).to.deep.equal(['hobby', 'pro']);
    const lifetime = (await other.listResourceLifetimes()).find((r) => r.seq === a.seq);
    expect(lifetime, 'a tombstone\'s plan and region come from its plan events').to.include({ id: a.id, plan: 'pro', region: 'us' });
    expect(lifetime?.deletedAt).to.be.instanceOf(Date);

    const row = { day: 1_700_006_400, resourceSeq: a.seq, batches: 2, duplicates: 1, refused: 1, serverErrors: 1, lines: 30, lostLines: 4, parseErrors: 2, lastBatchAt: 1_700_010_000 };
    await Promise.all([store.addIngestDays([row]), other.addIngestDays([{ ...row, lastBatchAt: 1_700_020_000 }]), store.addIngestDays([])]);
    expect(await store.readIngestDays(1_700_006_400, 1_700_092_800)).to.deep.equal([
      { ...row, batches: 4, duplicates: 2, refused: 2, serverErrors: 2, lines: 60, lostLines: 8, parseErrors: 4, lastBatchAt: 1_700_020_000 },
    ]);
    expect(await store.readIngestDays(1_700_092_800, 1_700_179_200)).to.deep.equal([]);

    const stats = { processId: 'web.1.42', startedAt: new Date(1_700_000_000_000), seenAt: new Date(1_700_000_060_000), commitP50Ms: 1.5, commitP99Ms: 9.25, groupSizeMean: 3.5, queueDepth: 2, eventLoopLagP99Ms: null, drain5xx: 7 };
    await store.saveProcessStats(stats);
    await store.saveProcessStats({ ...stats, seenAt: new Date(1_700_000_120_000), queueDepth: 0 });
    expect(await other.readProcessStats(new Date(1_700_000_100_000))).to.deep.equal([{ ...stats, seenAt: new Date(1_700_000_120_000), queueDepth: 0 }]);
    expect(await other.readProcessStats(new Date(1_700_000_200_000))).to.deep.equal([]);
  });

  it('keeps what Vanity knows from Heroku: platform state, milestones claimed once, releases by event id, key rotation; purged with the resource', async () => {
    const a = await created();
    const links = { callbackUrl: 'https://api.heroku.com/addons/x', logInputUrl: 'enc:log', grantCode: 'enc:code', grantExpiresAt: 500, tokenState: 'pending' as const, tokenReason: null, updatedAt: 100 };
    await store.initPlatform(a.seq, links);
    await other.initPlatform(a.seq, { ...links, grantCode: 'enc:other' });
    await other.updatePlatform(a.seq, { tokenState: 'ok', accessToken: 'enc:token', attempts: 2 });
    expect(await store.getPlatform(a.seq)).to.deep.include({ ...links, resourceSeq: a.seq, resourceId: a.id, tokenState: 'ok', accessToken: 'enc:token', attempts: 2, webhookState: 'none', rotationState: 'none' });
    expect((await other.listPlatform()).map((p) => p.resourceSeq)).to.deep.equal([a.seq]);

    const milestone = { resourceSeq: a.seq, value: 1000, reachedAt: 60, recordedAt: 70, delivery: 'pending' as const, deliveryReason: null, attempts: 0, nextAttemptAt: 80, claimedAt: null, deliveredAt: null };
    expect(await store.recordMilestone(milestone)).to.equal(true);
    expect(await other.recordMilestone({ ...milestone, reachedAt: 61 })).to.equal(false);
    expect(await store.claimMilestones(79, 0)).to.deep.equal([]);
    const claims = await Promise.all([store.claimMilestones(90, 0), other.claimMilestones(90, 0)]);
    expect(claims.flat().map((m) => [m.value, m.delivery, m.claimedAt])).to.deep.equal([[1000, 'sending', 90]]);
    await store.updateMilestone(a.seq, 1000, { delivery: 'sent', deliveredAt: 95 });
    expect(await other.listMilestones(a.seq)).to.deep.equal([{ ...milestone, delivery: 'sent', claimedAt: 90, deliveredAt: 95 }]);

    const release = { version: 7, eventId: 'e1', description: 'Deploy abc', status: 'succeeded', releasedAt: 200 };
    expect(await store.recordRelease(a.seq, release, 210)).to.equal('recorded');
    expect(await other.recordRelease(a.seq, release, 211)).to.equal('duplicate');
    expect(await other.recordRelease(a.seq, { ...release, eventId: 'e2', status: 'failed' }, 212)).to.equal('recorded');
    expect(await store.listReleases(a.seq, 200, 201)).to.deep.equal([{ ...release, eventId: 'e2', status: 'failed' }]);
    expect(await store.listReleases(a.seq, 201, 300)).to.deep.equal([]);

    const next = { keySalt: 'salt-2', apiKeyHash: 'c'.repeat(64), drainKeyHash: 'd'.repeat(64) };
    const first = { keySalt: a.keySalt, apiKeyHash: a.apiKeyHash, drainKeyHash: a.drainKeyHash };
    expect(await store.beginRotation(a.id, next, 1000)).to.equal(true);
    expect(await other.getResource(a.id)).to.deep.include({ ...next, previousKeys: { ...first, expiresAt: 1000 } });
    await other.rollbackRotation(a.id);
    expect(await store.getResource(a.id)).to.deep.include({ ...first, previousKeys: null });
    await store.beginRotation(a.id, next, 1000);
    await other.forgetExpiredKeys(999);
    expect((await store.getResource(a.id))?.previousKeys).to.deep.include({ expiresAt: 1000 });
    await other.forgetExpiredKeys(1000);
    expect(await store.getResource(a.id)).to.deep.include({ ...next, previousKeys: null });
    expect(await store.beginRotation(randomUUID(), next, 1000)).to.equal(false);

    await store.deleteResource(a.id);
    expect(await other.getPlatform(a.seq)).to.equal(null);
    expect(await other.listPlatform()).to.deep.equal([]);
    expect(await other.listMilestones(a.seq)).to.deep.equal([]);
    expect(await other.listReleases(a.seq, 0, 1000)).to.deep.equal([]);
  });
}
