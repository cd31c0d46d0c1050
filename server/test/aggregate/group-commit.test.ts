import { expect } from 'chai';
import { CommitterClosedError, createGroupCommitter } from '../../src/aggregate/group-commit.js';
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
