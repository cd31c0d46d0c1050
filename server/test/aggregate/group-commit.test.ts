import { expect } from 'chai';
import { CommitterClosedError, createGroupCommitter } from '../../src/aggregate/group-commit.js';
import { createLogger } from '../../src/log/logger.js';
import type { IngestBatch } from '../../src/model/counts.js';
import type { Store } from '../../src/store/store.js';
import { openTempStore } from '../support/temp-store.js';
import type { TempStore } from '../support/temp-store.js';

const MINUTE = Date.parse('2026-11-23T10:00:00Z') / 1000;

function batch(resourceSeq: number, frameId: string | null, n = 1): IngestBatch {
  return {
    resourceSeq,
    frameId,
    deltas: [{ level: 'minute', bucket: MINUTE, dim: 'all', key: '', n }],
    totals: { requests: n, lostLines: 0, parseErrors: 0 },
  };
}

/** The real store, recording the size of each group it is asked to commit. */
function recording(store: Store): { store: Pick<Store, 'commitBatches'>; groups: number[] } {
  const groups: number[] = [];
  return {
    groups,
    store: {
      commitBatches(batches) {
        groups.push(batches.length);
        return store.commitBatches(batches);
      },
    },
  };
}

/**
 * The real store behind a gate: each commit announces itself (`entered`) and waits until the
 * test releases it, so the test decides when a commit finishes.
 */
function gated(store: Store) {
  const events: string[] = [];
  const releases: Array<() => void> = [];
  let announce: () => void = () => undefined;
  let next = new Promise<void>((resolve) => (announce = resolve));
  return {
    events,
    store: {
      async commitBatches(batches: IngestBatch[]) {
        events.push(`commit ${batches.map((b) => b.frameId).join(',')}`);
        const released = new Promise<void>((resolve) => releases.push(resolve));
        announce();
        next = new Promise<void>((resolve) => (announce = resolve));
        await released;
        return store.commitBatches(batches);
      },
    } satisfies Pick<Store, 'commitBatches'>,
    /** Resolves once the next commit (or one already waiting) has entered the store. */
    async entered(): Promise<void> {
      if (releases.length === 0) await next;
    },
    release(): void {
      events.push('released');
      releases.shift()?.();
    },
  };
}

describe('group commit', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempStore();
  });
  afterEach(() => temp.dispose());

  it('commits concurrent batches in one transaction and resolves each once durable', async () => {
    const resource = await temp.addResource();
    const { store, groups } = recording(temp.store);
    const committer = createGroupCommitter(store, { gatherMs: 5 });
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => committer.submit(batch(resource.seq, `F${i}`, i))));
    expect(outcomes).to.deep.equal([{ duplicate: false }, { duplicate: false }, { duplicate: false }, { duplicate: false }]);
    expect(groups).to.deep.equal([4]);
    expect((await temp.store.readTotals(resource.seq)).requests).to.equal(10);
  });

  it('starts the next commit right after the one in flight, with everything queued meanwhile', async () => {
    const resource = await temp.addResource();
    const gate = gated(temp.store);
    const committer = createGroupCommitter(gate.store, { gatherMs: 1 });
    const resolved: string[] = [];
    const submit = (frameId: string) => committer.submit(batch(resource.seq, frameId)).then(() => resolved.push(frameId));
    const first = submit('A');
    await gate.entered();
    const rest = [submit('B'), submit('C')];
    gate.release();
    await first;
    expect(resolved).to.deep.equal(['A']);
    await gate.entered();
    expect(gate.events).to.deep.equal(['commit A', 'released', 'commit B,C']);
    gate.release();
    await Promise.all(rest);
    expect(resolved).to.deep.equal(['A', 'B', 'C']);
    expect((await temp.store.readTotals(resource.seq)).requests).to.equal(3);
  });

  it('counts a frame id once when the same batch arrives twice in one group (a retry racing the first try)', async () => {
    const resource = await temp.addResource();
    const committer = createGroupCommitter(temp.store);
    const outcomes = await Promise.all([committer.submit(batch(resource.seq, 'SAME')), committer.submit(batch(resource.seq, 'SAME'))]);
    expect(outcomes.map((o) => o.duplicate)).to.deep.equal([false, true]);
    expect((await temp.store.readTotals(resource.seq)).requests).to.equal(1);
  });

  it('adds no counts for a resource deprovisioned after its POST was authenticated', async () => {
    const resource = await temp.addResource();
    await temp.store.deleteResource(resource.id);
    const committer = createGroupCommitter(temp.store);
    await committer.submit(batch(resource.seq, 'LATE'));
    const rows = await temp.store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: 2 ** 40, dims: ['all'] });
    expect(rows).to.deep.equal([]);
  });

  it('rejects every batch of a group whose commit fails', async () => {
    const resource = await temp.addResource();
    const committer = createGroupCommitter(temp.store);
    await temp.store.close();
    const results = await Promise.allSettled([committer.submit(batch(resource.seq, 'X')), committer.submit(batch(resource.seq, 'Y'))]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
  });

  it('commits the rest of a group whose content the store refuses for one batch, and stores that one without its breakdowns', async () => {
    const [good, bad] = [await temp.addResource(), await temp.addResource()];
    const { store, groups } = recording(temp.store);
    const logs: string[] = [];
    const committer = createGroupCommitter(store, { log: createLogger((line) => logs.push(line)) });
    const refused: IngestBatch = {
      resourceSeq: bad.seq,
      frameId: 'BAD',
      deltas: [
        { level: 'minute', bucket: MINUTE, dim: 'all', key: '', n: 2 },
        { level: 'hour', bucket: Number.NaN, dim: 'path', key: '/x', n: 2 },
      ],
      totals: { requests: 2, lostLines: 0, parseErrors: 1 },
    };
    const goods = Array.from({ length: 20 }, (_, i) => batch(good.seq, `G${i}`, 1));
    const outcomes = await Promise.all([...goods.slice(0, 10), refused, ...goods.slice(10)].map((b) => committer.submit(b)));

    expect(outcomes).to.deep.equal(Array(21).fill({ duplicate: false }));
    // The group, then each batch alone, then the refused one without breakdowns.
    expect(groups).to.deep.equal([21, ...Array(21).fill(1), 1]);
    expect(await temp.store.readTotals(good.seq)).to.deep.equal({ requests: 20, lostLines: 0, parseErrors: 0 });
    expect(await temp.store.readTotals(bad.seq)).to.deep.equal({ requests: 2, lostLines: 0, parseErrors: 3 });
    const rows = await temp.store.readCounts({ resourceSeq: bad.seq, level: 'minute', from: 0, to: 2 ** 40, dims: ['all'] });
    expect(rows.map((r) => r.n)).to.deep.equal([2]);
    expect(logs).to.have.length(1);
    expect(logs[0]).to.match(/^at=error msg="the store refused a drain batch; stored it without breakdowns" resource_seq=\d+ frame_id=BAD requests=2 code=\S+ error=/);
    expect(logs[0]).not.to.include('"NaN"');
    // Logplex's retry of the refused batch is a duplicate, not a second try.
    expect(await committer.submit(refused)).to.deep.equal({ duplicate: true });
  });

  it('stores only parse errors for a batch the store refuses even without breakdowns', async () => {
    const resource = await temp.addResource();
    const logs: string[] = [];
    const committer = createGroupCommitter(temp.store, { log: createLogger((line) => logs.push(line)) });
    const refused: IngestBatch = { ...batch(resource.seq, 'WORSE', 3), deltas: [{ level: 'minute', bucket: Number.NaN, dim: 'all', key: '', n: 3 }] };
    expect(await committer.submit(refused)).to.deep.equal({ duplicate: false });
    expect(await temp.store.readTotals(resource.seq)).to.deep.equal({ requests: 0, lostLines: 0, parseErrors: 4 });
    expect(logs.map((line) => /msg="([^"]*)"/.exec(line)?.[1])).to.deep.equal(['the store refused a drain batch; stored it as parse errors only']);
  });

  it('close() commits what is pending, waits for it, then refuses new batches', async () => {
    const resource = await temp.addResource();
    const committer = createGroupCommitter(temp.store, { gatherMs: 10_000 });
    const pending = committer.submit(batch(resource.seq, 'P', 7));
    await committer.close();
    expect(await pending).to.deep.equal({ duplicate: false });
    expect((await temp.store.readTotals(resource.seq)).requests).to.equal(7);
    let refused: unknown;
    await committer.submit(batch(resource.seq, 'Q')).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(CommitterClosedError);
  });
});
