import { expect } from 'chai';
import { packBatches, unpackBatches } from '../../../src/store/sqlite/packed-batches.js';
import type { IngestBatch } from '../../../src/model/counts.js';

describe('packed batches (the trip to the SQLite writer thread)', () => {
  it('unpacks to the same batches: every level and dimension, empty and non-ASCII keys, no frame id, no deltas', () => {
    const batches: IngestBatch[] = [
      {
        resourceSeq: 7,
        frameId: 'F1',
        totals: { requests: 3, lostLines: 250, parseErrors: 1 },
        deltas: [
          { level: 'minute', bucket: 1_795_000_020, dim: 'all', key: '', n: 3 },
          { level: 'hour', bucket: 1_794_999_600, dim: 'path', key: '/café/😀', n: 2 },
          { level: 'day', bucket: 1_794_960_000, dim: 'lost', key: '', n: 250 },
          { level: 'day', bucket: 1_794_960_000, dim: 'service', key: '50-100', n: 1 },
        ],
      },
      { resourceSeq: 8, frameId: null, totals: { requests: 0, lostLines: 0, parseErrors: 2 }, deltas: [] },
      { resourceSeq: 7, frameId: 'F2', totals: { requests: 1, lostLines: 0, parseErrors: 0 }, deltas: [{ level: 'minute', bucket: 60, dim: 'code', key: 'H12', n: 1 }] },
    ];
    expect(unpackBatches(structuredClone(packBatches(batches)))).to.deep.equal(batches);
  });
});
