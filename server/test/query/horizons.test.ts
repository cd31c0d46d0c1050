import { expect } from 'chai';
import type { Dimension } from '../../src/model/levels.js';
import type { PlanName } from '../../src/model/plans.js';
import { horizonsFor, levelHorizons } from '../../src/query/horizons.js';
import type { Horizons } from '../../src/query/horizons.js';

const HOUR = 3600;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-24T12:34:56Z') / 1000;

describe('level horizons (query/horizons.ts)', () => {
  // [case, plan, prunedBefore, horizons]
  const cases: Array<[string, PlanName, { minute: number; hour: number }, Horizons]> = [
    ['hobby keeps minutes 48 h and hours 30 d, days forever', 'hobby', { minute: 0, hour: 0 }, { minute: NOW - 48 * HOUR, hour: NOW - 30 * DAY, day: -Infinity }],
    ['test retains as hobby', 'test', { minute: 0, hour: 0 }, { minute: NOW - 48 * HOUR, hour: NOW - 30 * DAY, day: -Infinity }],
    ['pro keeps minutes 14 d and hours 365 d', 'pro', { minute: 0, hour: 0 }, { minute: NOW - 14 * DAY, hour: NOW - 365 * DAY, day: -Infinity }],
    // An upgrade does not bring pruned rows back.
    ['pro after pruning as hobby: pruned rows stay missing', 'pro', { minute: NOW - 48 * HOUR, hour: NOW - 30 * DAY }, { minute: NOW - 48 * HOUR, hour: NOW - 30 * DAY, day: -Infinity }],
    // A downgrade applies at once, before any prune ran.
    ['hobby right after a downgrade from pro', 'hobby', { minute: NOW - 14 * DAY, hour: NOW - 365 * DAY }, { minute: NOW - 48 * HOUR, hour: NOW - 30 * DAY, day: -Infinity }],
    ['a prune ahead of the plan wins', 'hobby', { minute: NOW - HOUR, hour: NOW - DAY }, { minute: NOW - HOUR, hour: NOW - DAY, day: -Infinity }],
  ];
  for (const [name, plan, prunedBefore, horizons] of cases) {
    it(name, () => {
      expect(levelHorizons({ plan, prunedBefore }, NOW)).to.deep.equal(horizons);
    });
  }

  const complete: Horizons = { minute: 10, hour: 20, day: 30 };
  // [dimensions read together, horizons]
  const byDims: Array<[Dimension[], Horizons]> = [
    [['all'], complete],
    [['all', 'error', 'lost'], complete],
    [['path'], { minute: Infinity, hour: 20, day: 30 }],
    [['status', 'code', 'service'], { minute: Infinity, hour: 20, day: 30 }],
    [['all', 'method'], { minute: Infinity, hour: 20, day: 30 }],
  ];
  for (const [dims, horizons] of byDims) {
    it(`reads ${dims.join(' + ')} only from levels that store them all`, () => {
      expect(horizonsFor(complete, dims)).to.deep.equal(horizons);
    });
  }
});
