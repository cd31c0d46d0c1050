import { expect } from 'chai';
import type { CountsReport } from '../../src/query/index.js';
import { runRetention } from '../../src/retention/run-retention.js';
import type { Level } from '../../src/model/levels.js';
import type { Resource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';
import { providerFetch } from '../support/provider-client.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';

const NOW = '2026-11-24T12:00:00Z';
const seconds = (iso: string) => Date.parse(iso) / 1000;

async function rowsAt(store: Store, resource: Resource, level: Level): Promise<number> {
  const rows = await store.readCounts({ resourceSeq: resource.seq, level, from: 0, to: seconds('2100-01-01T00:00:00Z'), dims: ['all'] });
  return rows.reduce((sum, row) => sum + row.n, 0);
}

describe('retention', () => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await startApiFixture(NOW);
  });
  afterEach(async () => {
    await fx.server.stop();
  });

  async function resourceWithHistory(plan: string) {
    const added = await fx.addResource({ plan });
    await seedRequests(fx.server.store, added.resource, [
      { at: '2026-11-24T11:00:00Z' }, // 1 hour old
      { at: '2026-11-21T12:00:00Z' }, // 3 days
      { at: '2026-11-04T12:00:00Z' }, // 20 days
      { at: '2026-09-25T12:00:00Z' }, // 60 days
      { at: '2025-06-01T12:00:00Z' }, // 541 days
    ]);
    return added;
  }

  it('prunes minute rows past 48 hours and hour rows past 30 days on hobby; days stay', async () => {
    const { resource } = await resourceWithHistory('hobby');
    await runRetention(fx.server.store, new Date(NOW));
    const store = fx.server.store;
    expect(await rowsAt(store, resource, 'minute')).to.equal(1);
    expect(await rowsAt(store, resource, 'hour')).to.equal(3);
    expect(await rowsAt(store, resource, 'day')).to.equal(5);
    expect((await fx.reload(resource.id)).prunedBefore).to.deep.equal({
      minute: seconds(NOW) - 48 * 3600,
      hour: seconds(NOW) - 30 * 86400,
    });
  });

  it('keeps the alerts\' minute rows of router error codes two hours only, on every plan', async () => {
    const { resource } = await fx.addResource({ plan: 'pro' });
    const store = fx.server.store;
    for (const at of ['2026-11-24T11:00:00Z', '2026-11-24T09:59:00Z', '2026-11-23T12:00:00Z']) {
      await seedRequests(store, resource, [{ at, status: 503, code: 'H12' }]);
    }
    const codeMinutes = async () =>
      (await store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: 2 ** 40, dims: ['code'] })).map((row) => row.bucket);
    expect(await codeMinutes()).to.have.length(3);
    await runRetention(store, new Date(NOW));
    expect(await codeMinutes()).to.deep.equal([seconds('2026-11-24T11:00:00Z')]);
    // The request series of those minutes stays (pro keeps minutes 14 days).
    expect(await rowsAt(store, resource, 'minute')).to.equal(3);
  });

  it('keeps 14 days of minutes and a year of hours on pro', async () => {
    const { resource } = await resourceWithHistory('pro');
    await runRetention(fx.server.store, new Date(NOW));
    expect(await rowsAt(fx.server.store, resource, 'minute')).to.equal(2);
    expect(await rowsAt(fx.server.store, resource, 'hour')).to.equal(4);
  });

  it('answers the same numbers before and after a run, and keeps the all-time total', async () => {
    const { vanityUrl } = await resourceWithHistory('hobby');
    const query = '/counts?since=2026-11-21T00:00:00Z&until=2026-11-22T00:00:00Z&interval=minute';
    const before = (await fx.get<CountsReport>(vanityUrl, query)).body;
    await runRetention(fx.server.store, new Date(NOW));
    const after = (await fx.get<CountsReport>(vanityUrl, query)).body;
    expect(after).to.deep.equal(before);
    expect(after).to.deep.include({ sum: 1, total: 5, approximate: true });
  });

  it('applies a downgrade to queries at once and to rows on the next run; an upgrade cannot bring pruned rows back', async () => {
    const { id, vanityUrl, resource } = await resourceWithHistory('pro');
    const threeDaysAgo = '/counts?since=2026-11-21T12:00:00Z&until=2026-11-21T13:00:00Z&interval=minute';
    const minuteSeries = async () => (await fx.get<CountsReport>(vanityUrl, threeDaysAgo)).body;
    expect(await minuteSeries()).to.deep.include({ sum: 1, approximate: false });
    expect((await minuteSeries()).series[0]).to.deep.include({ count: 1 });

    expect((await providerFetch(fx.server, 'PUT', `/${id}`, { plan: 'hobby' })).status).to.equal(200);
    expect(await minuteSeries()).to.deep.include({ approximate: true });
    expect(await rowsAt(fx.server.store, resource, 'minute')).to.equal(5);
    await runRetention(fx.server.store, new Date(NOW));
    expect(await rowsAt(fx.server.store, resource, 'minute')).to.equal(1);

    expect((await providerFetch(fx.server, 'PUT', `/${id}`, { plan: 'pro' })).status).to.equal(200);
    const upgraded = await minuteSeries();
    expect(upgraded).to.deep.include({ sum: 1, approximate: true });
    expect(upgraded.series[30]).to.deep.include({ t: '2026-11-21T12:30:00Z', count: 1 });
  });

  it('forgets frame ids after two hours, so only recent retries are recognised', async () => {
    const { resource } = await fx.addResource();
    const batch = { resourceSeq: resource.seq, frameId: 'frame-1', deltas: [], totals: { requests: 1, lostLines: 0, parseErrors: 0 } };
    await fx.server.store.commitBatches([batch]);
    const received = Date.now();
    await runRetention(fx.server.store, new Date(received + 3600_000));
    expect(await fx.server.store.commitBatches([batch])).to.deep.equal([{ duplicate: true }]);
    await runRetention(fx.server.store, new Date(received + 2 * 3600_000 + 5000));
    expect(await fx.server.store.commitBatches([batch])).to.deep.equal([{ duplicate: false }]);
  });

  it('leaves deprovisioned resources alone (they are already purged)', async () => {
    const { id } = await resourceWithHistory('hobby');
    await providerFetch(fx.server, 'DELETE', `/${id}`);
    expect(await runRetention(fx.server.store, new Date(NOW))).to.deep.equal({ resources: 0 });
  });
});

describe('retention schedule', () => {
  it('runs shortly after start and then every VANITY_RETENTION_INTERVAL_SECONDS, until stopped', async () => {
    // The clock starts where the seeded minute is still young, so no round can prune it early.
    const fx = await startApiFixture('2026-11-21T12:30:00Z', { VANITY_RETENTION_INTERVAL_SECONDS: '1' });
    const done = /^at=info msg="retention done" resources=1 /;
    try {
      const { resource } = await fx.addResource();
      await seedRequests(fx.server.store, resource, [{ at: '2026-11-21T12:00:00Z' }]);
      await fx.logs.waitFor(done, fx.logs.count(done) + 1);
      expect(await rowsAt(fx.server.store, resource, 'minute')).to.equal(1);
      // Rounds run one after another: the second round from now started after the change.
      fx.setNow(NOW);
      await fx.logs.waitFor(done, fx.logs.count(done) + 2);
      expect(await rowsAt(fx.server.store, resource, 'minute')).to.equal(0);
      // Later rounds prune data seeded after the first prune too.
      await seedRequests(fx.server.store, resource, [{ at: '2026-11-21T13:00:00Z' }]);
      await fx.logs.waitFor(done, fx.logs.count(done) + 2);
      expect(await rowsAt(fx.server.store, resource, 'minute')).to.equal(0);
    } finally {
      await fx.server.stop();
    }
  });
});
