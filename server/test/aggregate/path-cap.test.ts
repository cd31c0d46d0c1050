import { expect } from 'chai';
import { createPathCap, OTHER_PATHS_KEY, parsePathCap } from '../../src/aggregate/path-cap.js';
import { openTempStore } from '../support/temp-store.js';
import type { TempStore } from '../support/temp-store.js';

const DAY = Date.parse('2026-11-23T00:00:00Z') / 1000;

describe('path cap', () => {
  let temp: TempStore;
  beforeEach(() => {
    temp = openTempStore();
  });
  afterEach(() => temp.dispose());

  it('keeps the first N distinct paths of a day and maps later new ones to (other)', async () => {
    const resource = await temp.addResource();
    const keyOf = await createPathCap(temp.store, 3).forDay(resource.seq, DAY);
    expect(['/a', '/b', '/a', '/c', '/d', '/b', '/e'].map(keyOf)).to.deep.equal(['/a', '/b', '/a', '/c', OTHER_PATHS_KEY, '/b', OTHER_PATHS_KEY]);
  });

  it('counts paths already stored for the day (after a restart), not counting (other) itself', async () => {
    const resource = await temp.addResource();
    const path = (key: string) => ({ level: 'day' as const, bucket: DAY, dim: 'path' as const, key, n: 1 });
    await temp.store.commitBatches([
      { resourceSeq: resource.seq, frameId: null, deltas: [path('/x'), path('/y'), path(OTHER_PATHS_KEY)], totals: { requests: 3, lostLines: 0, parseErrors: 0 } },
    ]);
    const keyOf = await createPathCap(temp.store, 3).forDay(resource.seq, DAY);
    expect(['/new', '/x', '/newer'].map(keyOf)).to.deep.equal(['/new', '/x', OTHER_PATHS_KEY]);
  });

  it('caps each resource and each day separately', async () => {
    const [a, b] = [await temp.addResource(), await temp.addResource()];
    const cap = createPathCap(temp.store, 1);
    expect((await cap.forDay(a.seq, DAY))('/1')).to.equal('/1');
    expect((await cap.forDay(a.seq, DAY))('/2')).to.equal(OTHER_PATHS_KEY);
    expect((await cap.forDay(b.seq, DAY))('/2')).to.equal('/2');
    expect((await cap.forDay(a.seq, DAY + 86400))('/2')).to.equal('/2');
  });

  it('reads VANITY_PATH_CAP', () => {
    expect(parsePathCap(undefined)).to.equal(500);
    expect(parsePathCap('20')).to.equal(20);
    expect(() => parsePathCap('0')).to.throw(/VANITY_PATH_CAP must be a positive integer/);
    expect(() => parsePathCap('lots')).to.throw(/VANITY_PATH_CAP/);
  });
});
