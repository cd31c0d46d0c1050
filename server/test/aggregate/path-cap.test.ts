import { expect } from 'chai';
import { createPathCap, OTHER_PATHS_KEY, parsePathCap } from '../../src/aggregate/path-cap.js';
import { openTempStore } from '../support/temp-store.js';
import type { TempStore } from '../support/temp-store.js';

const DAY = Date.parse('2026-11-23T00:00:00Z') / 1000;
const HOUR = DAY + 10 * 3600;
const daily = (cap: number) => ({ day: cap, hour: 1000 });

describe('path cap', () => {
  let temp: TempStore;
  beforeEach(() => {
    temp = openTempStore();
  });
  afterEach(() => temp.dispose());

  it('keeps the first N distinct paths of a day and maps later new ones to (other)', async () => {
    const resource = await temp.addResource();
    const keyOf = await createPathCap(temp.store, daily(3)).forHour(resource.seq, DAY, HOUR);
    expect(['/a', '/b', '/a', '/c', '/d', '/b', '/e'].map(keyOf)).to.deep.equal(['/a', '/b', '/a', '/c', OTHER_PATHS_KEY, '/b', OTHER_PATHS_KEY]);
  });

  it('counts paths already stored for the day (after a restart), not counting (other) itself', async () => {
    const resource = await temp.addResource();
    const path = (key: string) => ({ level: 'day' as const, bucket: DAY, dim: 'path' as const, key, n: 1 });
    await temp.store.commitBatches([
      { resourceSeq: resource.seq, frameId: null, deltas: [path('/x'), path('/y'), path(OTHER_PATHS_KEY)], totals: { requests: 3, lostLines: 0, parseErrors: 0 } },
    ]);
    const keyOf = await createPathCap(temp.store, daily(3)).forHour(resource.seq, DAY, HOUR);
    expect(['/new', '/x', '/newer'].map(keyOf)).to.deep.equal(['/new', '/x', OTHER_PATHS_KEY]);
  });

  it('caps each resource and each day separately', async () => {
    const [a, b] = [await temp.addResource(), await temp.addResource()];
    const cap = createPathCap(temp.store, daily(1));
    expect((await cap.forHour(a.seq, DAY, HOUR))('/1')).to.equal('/1');
    expect((await cap.forHour(a.seq, DAY, HOUR))('/2')).to.equal(OTHER_PATHS_KEY);
    expect((await cap.forHour(b.seq, DAY, HOUR))('/2')).to.equal('/2');
    expect((await cap.forHour(a.seq, DAY + 86400, HOUR + 86400))('/2')).to.equal('/2');
  });

  it('names at most the hour cap per hour; a path refused by either cap takes no slot in the other', async () => {
    const resource = await temp.addResource();
    const cap = createPathCap(temp.store, { day: 3, hour: 2 });
    const tenOClock = await cap.forHour(resource.seq, DAY, HOUR);
    expect(['/a', '/b', '/c', '/a'].map(tenOClock)).to.deep.equal(['/a', '/b', OTHER_PATHS_KEY, '/a']);
    // /c was refused by the hour, so the day still has a slot for it at eleven.
    const elevenOClock = await cap.forHour(resource.seq, DAY, HOUR + 3600);
    expect(['/c', '/d', '/a'].map(elevenOClock)).to.deep.equal(['/c', OTHER_PATHS_KEY, '/a']);
  });

  it('counts paths already stored for the hour (after a restart)', async () => {
    const resource = await temp.addResource();
    const path = (level: 'hour' | 'day', bucket: number, key: string) => ({ level, bucket, dim: 'path' as const, key, n: 1 });
    await temp.store.commitBatches([
      {
        resourceSeq: resource.seq,
        frameId: null,
        deltas: [path('hour', HOUR, '/x'), path('day', DAY, '/x'), path('hour', HOUR, OTHER_PATHS_KEY)],
        totals: { requests: 2, lostLines: 0, parseErrors: 0 },
      },
    ]);
    const keyOf = await createPathCap(temp.store, { day: 10, hour: 2 }).forHour(resource.seq, DAY, HOUR);
    expect(['/new', '/x', '/newer'].map(keyOf)).to.deep.equal(['/new', '/x', OTHER_PATHS_KEY]);
  });

  it('reads VANITY_PATH_CAP', () => {
    expect(parsePathCap(undefined)).to.equal(500);
    expect(parsePathCap('20')).to.equal(20);
    expect(() => parsePathCap('0')).to.throw(/VANITY_PATH_CAP must be a positive integer/);
    expect(() => parsePathCap('lots')).to.throw(/VANITY_PATH_CAP/);
  });
});
