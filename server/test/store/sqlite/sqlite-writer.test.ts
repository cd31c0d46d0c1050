import { expect } from 'chai';
import { terminateWriterThread, WriterError } from '../../../src/store/sqlite/sqlite-writer.js';
import type { CountDelta, IngestBatch } from '../../../src/model/counts.js';
import { openTempStore } from '../../support/temp-store.js';
import type { TempStore } from '../../support/temp-store.js';

const batch = (resourceSeq: number, frameId: string, deltas: CountDelta[] = []): IngestBatch => ({
  resourceSeq,
  frameId,
  deltas,
  totals: { requests: 1, lostLines: 0, parseErrors: 0 },
});

/** Enough distinct rows that committing them keeps the writer thread busy for a while. */
const manyRows = (n: number): CountDelta[] =>
  Array.from({ length: n }, (_, i) => ({ level: 'minute', bucket: 60 * i, dim: 'path', key: `/p${i}`, n: 1 }));

describe('SQLite writer thread', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempStore('sqlite');
  });
  afterEach(() => temp.dispose());

  it('rejects the writes it had not answered when it dies, and the next write starts a new thread', async () => {
    const resource = await temp.addResource();
    const busy = temp.store.commitBatches([batch(resource.seq, 'BUSY', manyRows(200_000))]);
    const queued = temp.store.commitBatches([batch(resource.seq, 'QUEUED')]);
    await terminateWriterThread();
    const [, queuedResult] = await Promise.allSettled([busy, queued]);
    expect(queuedResult.status).to.equal('rejected');
    expect(queuedResult.status === 'rejected' && queuedResult.reason).to.be.instanceOf(WriterError);

    // Logplex retries the rejected frame: it counts once, on the new thread's connection.
    expect(await temp.store.commitBatches([batch(resource.seq, 'QUEUED')])).to.deep.equal([{ duplicate: false }]);
    expect(await temp.store.commitBatches([batch(resource.seq, 'QUEUED')])).to.deep.equal([{ duplicate: true }]);
    const counted = (await temp.store.readTotals(resource.seq)).requests;
    expect(counted === 1 || counted === 2, `the busy batch counts at most once (${counted})`).to.equal(true);
  });

  it('serves several stores at once, each on its own database', async () => {
    const other = await openTempStore('sqlite');
    try {
      const [a, b] = await Promise.all([temp.addResource(), other.addResource()]);
      await Promise.all([temp.store.commitBatches([batch(a.seq, 'F')]), other.store.commitBatches([batch(b.seq, 'F'), batch(b.seq, 'G')])]);
      expect((await temp.store.readTotals(a.seq)).requests).to.equal(1);
      expect((await other.store.readTotals(b.seq)).requests).to.equal(2);
    } finally {
      await other.dispose();
    }
  });

  it('refuses writes after close', async () => {
    const resource = await temp.addResource();
    await temp.store.close();
    let refused: unknown;
    await temp.store.commitBatches([batch(resource.seq, 'LATE')]).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(WriterError);
  });
});
