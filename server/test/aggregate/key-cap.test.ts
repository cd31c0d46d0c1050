import { expect } from 'chai';
import { createKeyCap, defaultKeyCaps, OTHER_KEY, parsePathCap } from '../../src/aggregate/key-cap.js';
import type { KeyCaps, KeyOf } from '../../src/aggregate/key-cap.js';
import { openTempStore } from '../support/temp-store.js';
import type { TempStore } from '../support/temp-store.js';

const DAY = Date.parse('2026-11-23T00:00:00Z') / 1000;
const HOUR = DAY + 10 * 3600;
/** Path caps as given, the other dimensions' defaults. */
const pathCaps = (day: number, hour = 1000): KeyCaps => ({ ...defaultKeyCaps(), path: { day, hour } });
const daily = (cap: number) => pathCaps(cap);
const paths = (keyOf: KeyOf) => (path: string) => keyOf('path', path);
const createPathCap = (store: TempStore['store'], caps: KeyCaps) => {
  const cap = createKeyCap(store, caps);
  return { forHour: async (seq: number, day: number, hour: number) => paths(await cap.forHour(seq, day, hour)) };
};

describe('key cap', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempStore();
  });
  afterEach(() => temp.dispose());

  it('keeps the first N distinct paths of a day and maps later new ones to (other)', async () => {
    const resource = await temp.addResource();
    const keyOf = await createPathCap(temp.store, daily(3)).forHour(resource.seq, DAY, HOUR);
    expect(['/a', '/b', '/a', '/c', '/d', '/b', '/e'].map(keyOf)).to.deep.equal(['/a', '/b', '/a', '/c', OTHER_KEY, '/b', OTHER_KEY]);
  });

  it('counts paths already stored for the day (after a restart), not counting (other) itself', async () => {
    const resource = await temp.addResource();
    const path = (key: string) => ({ level: 'day' as const, bucket: DAY, dim: 'path' as const, key, n: 1 });
    await temp.store.commitBatches([
      { resourceSeq: resource.seq, frameId: null, deltas: [path('/x'), path('/y'), path(OTHER_KEY)], totals: { requests: 3, lostLines: 0, parseErrors: 0 } },
    ]);
    const keyOf = await createPathCap(temp.store, daily(3)).forHour(resource.seq, DAY, HOUR);
    expect(['/new', '/x', '/newer'].map(keyOf)).to.deep.equal(['/new', '/x', OTHER_KEY]);
  });

  it('caps each resource and each day separately', async () => {
    const [a, b] = [await temp.addResource(), await temp.addResource()];
    const cap = createPathCap(temp.store, daily(1));
    expect((await cap.forHour(a.seq, DAY, HOUR))('/1')).to.equal('/1');
    expect((await cap.forHour(a.seq, DAY, HOUR))('/2')).to.equal(OTHER_KEY);
    expect((await cap.forHour(b.seq, DAY, HOUR))('/2')).to.equal('/2');
    expect((await cap.forHour(a.seq, DAY + 86400, HOUR + 86400))('/2')).to.equal('/2');
  });

  it('names at most the hour cap per hour; a path refused by either cap takes no slot in the other', async () => {
    const resource = await temp.addResource();
    const cap = createPathCap(temp.store, pathCaps(3, 2));
    const tenOClock = await cap.forHour(resource.seq, DAY, HOUR);
    expect(['/a', '/b', '/c', '/a'].map(tenOClock)).to.deep.equal(['/a', '/b', OTHER_KEY, '/a']);
    // /c was refused by the hour, so the day still has a slot for it at eleven.
    const elevenOClock = await cap.forHour(resource.seq, DAY, HOUR + 3600);
    expect(['/c', '/d', '/a'].map(elevenOClock)).to.deep.equal(['/c', OTHER_KEY, '/a']);
  });

  it('counts paths already stored for the hour (after a restart)', async () => {
    const resource = await temp.addResource();
    const path = (level: 'hour' | 'day', bucket: number, key: string) => ({ level, bucket, dim: 'path' as const, key, n: 1 });
    await temp.store.commitBatches([
      {
        resourceSeq: resource.seq,
        frameId: null,
        deltas: [path('hour', HOUR, '/x'), path('day', DAY, '/x'), path('hour', HOUR, OTHER_KEY)],
        totals: { requests: 2, lostLines: 0, parseErrors: 0 },
      },
    ]);
    const keyOf = await createPathCap(temp.store, pathCaps(10, 2)).forHour(resource.seq, DAY, HOUR);
    expect(['/new', '/x', '/newer'].map(keyOf)).to.deep.equal(['/new', '/x', OTHER_KEY]);
  });

  it('caps every keyed dimension per hour, each on its own, and counts stored keys of every dimension', async () => {
    const resource = await temp.addResource();
    const delta = (dim: 'method' | 'dyno', key: string) => ({ level: 'hour' as const, bucket: HOUR, dim, key, n: 1 });
    await temp.store.commitBatches([
      { resourceSeq: resource.seq, frameId: null, deltas: [delta('method', 'GET'), delta('dyno', 'web.1')], totals: { requests: 1, lostLines: 0, parseErrors: 0 } },
    ]);
    const caps: KeyCaps = { ...defaultKeyCaps(), method: { day: 10, hour: 2 }, dyno: { day: 10, hour: 3 } };
    const keyOf = await createKeyCap(temp.store, caps).forHour(resource.seq, DAY, HOUR);
    expect(['GET', 'POST', 'BREW', 'GET'].map((m) => keyOf('method', m))).to.deep.equal(['GET', 'POST', OTHER_KEY, 'GET']);
    expect(['web.2', 'web.3', 'web.4', 'web.1'].map((d) => keyOf('dyno', d))).to.deep.equal(['web.2', 'web.3', OTHER_KEY, 'web.1']);
    expect(keyOf('path', '/BREW')).to.equal('/BREW');
  });

  it('has a cap for every keyed dimension, the path cap from VANITY_PATH_CAP', () => {
    expect(Object.keys(defaultKeyCaps()).sort()).to.deep.equal(['code', 'dyno', 'method', 'path', 'service', 'status']);
    expect(defaultKeyCaps(20).path).to.deep.equal({ day: 20, hour: 20 });
    expect(defaultKeyCaps().path).to.deep.equal({ day: 500, hour: 100 });
  });

  it('reads VANITY_PATH_CAP', () => {
    expect(parsePathCap(undefined)).to.equal(500);
    expect(parsePathCap('20')).to.equal(20);
    expect(() => parsePathCap('0')).to.throw(/VANITY_PATH_CAP must be a positive integer/);
    expect(() => parsePathCap('lots')).to.throw(/VANITY_PATH_CAP/);
  });
});
