import { expect } from 'chai';
import type { Level } from '../../src/model/levels.js';
import { coverRange, mergeSegments, storedGrids } from '../../src/query/cover.js';
import type { Segment } from '../../src/query/cover.js';
import type { Horizons } from '../../src/query/horizons.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const utc = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** Every level complete; breakdowns (no minute rows); a minute horizon at some time. */
const ALL: Horizons = { minute: -Infinity, hour: -Infinity, day: -Infinity };
const NO_MINUTES: Horizons = { ...ALL, minute: Infinity };
const minutesFrom = (iso: string): Horizons => ({ ...ALL, minute: at(iso) });

interface CoverCase {
  name: string;
  /** The resource's zone: where its day rows start. */
  zone: string;
  range: [string, string];
  horizons: Horizons;
  /** Now, when the range ends at or after it. */
  dataEnd?: string;
  /** [level, from, to, exact], in the order the planner emits them. */
  segments: Array<[Level, string, string, boolean]>;
  approximate: boolean;
}

const cases: CoverCase[] = [
  {
    name: 'a UTC day: its one day row',
    zone: 'UTC',
    range: ['2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'],
    horizons: ALL,
    segments: [['day', '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', true]],
    approximate: false,
  },
  {
    name: 'whole hours, and minutes for the ragged edge',
    zone: 'UTC',
    range: ['2026-11-24T10:30:00Z', '2026-11-24T13:00:00Z'],
    horizons: ALL,
    segments: [
      ['minute', '2026-11-24T10:30:00Z', '2026-11-24T11:00:00Z', true],
      ['hour', '2026-11-24T11:00:00Z', '2026-11-24T13:00:00Z', true],
    ],
    approximate: false,
  },
  {
    name: 'a 23-hour DST day in the resource zone: its one day row',
    zone: 'Europe/Berlin',
    range: ['2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'],
    horizons: ALL,
    segments: [['day', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', true]],
    approximate: false,
  },
  {
    name: 'a 25-hour DST day in the resource zone: its one day row',
    zone: 'Europe/Berlin',
    range: ['2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'],
    horizons: ALL,
    segments: [['day', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', true]],
    approximate: false,
  },
  {
    name: 'a Berlin DST day of a UTC resource: 23 hour rows (day rows do not fit)',
    zone: 'UTC',
    range: ['2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'],
    horizons: ALL,
    segments: [['hour', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', true]],
    approximate: false,
  },
  {
    name: 'a UTC day of a Berlin resource older than the hour rows: the day row by its midpoint',
    zone: 'Europe/Berlin',
    range: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
    horizons: { minute: Infinity, hour: at('2026-11-10T00:00:00Z'), day: -Infinity },
    segments: [['day', '2026-10-31T23:00:00Z', '2026-11-01T23:00:00Z', false]],
    approximate: true,
  },
  {
    name: 'an Asia/Kolkata (+05:30) hour: minute rows (hour rows do not fit)',
    zone: 'UTC',
    range: ['2026-11-24T12:30:00Z', '2026-11-24T13:30:00Z'],
    horizons: ALL,
    segments: [['minute', '2026-11-24T12:30:00Z', '2026-11-24T13:30:00Z', true]],
    approximate: false,
  },
  {
    name: 'an Asia/Kolkata hour older than the minute rows: the hour row holding its midpoint',
    zone: 'UTC',
    range: ['2026-11-22T12:30:00Z', '2026-11-22T13:30:00Z'],
    horizons: minutesFrom('2026-11-23T00:00:00Z'),
    segments: [['hour', '2026-11-22T12:00:00Z', '2026-11-22T13:00:00Z', false]],
    approximate: true,
  },
  {
    name: 'an Asia/Kathmandu (+05:45) hour: minute rows',
    zone: 'UTC',
    range: ['2026-11-24T12:15:00Z', '2026-11-24T13:15:00Z'],
    horizons: ALL,
    segments: [['minute', '2026-11-24T12:15:00Z', '2026-11-24T13:15:00Z', true]],
    approximate: false,
  },
  {
    name: 'an Asia/Kathmandu hour older than the minute rows: the hour row holding its midpoint',
    zone: 'UTC',
    range: ['2026-11-22T12:15:00Z', '2026-11-22T13:15:00Z'],
    horizons: minutesFrom('2026-11-23T00:00:00Z'),
    segments: [['hour', '2026-11-22T12:00:00Z', '2026-11-22T13:00:00Z', false]],
    approximate: true,
  },
  {
    name: 'an Asia/Kolkata day of a Kolkata resource: its one day row',
    zone: 'Asia/Kolkata',
    range: ['2026-11-23T18:30:00Z', '2026-11-24T18:30:00Z'],
    horizons: ALL,
    segments: [['day', '2026-11-23T18:30:00Z', '2026-11-24T18:30:00Z', true]],
    approximate: false,
  },
  {
    name: 'the open hour: a range ending now reads the hour row still being filled',
    zone: 'UTC',
    range: ['2026-11-24T12:00:00Z', '2026-11-24T12:35:00Z'],
    horizons: ALL,
    dataEnd: '2026-11-24T12:34:56Z',
    segments: [['hour', '2026-11-24T12:00:00Z', '2026-11-24T13:00:00Z', true]],
    approximate: false,
  },
  {
    name: 'the same 35 minutes in the past: minute rows',
    zone: 'UTC',
    range: ['2026-11-24T12:00:00Z', '2026-11-24T12:35:00Z'],
    horizons: ALL,
    segments: [['minute', '2026-11-24T12:00:00Z', '2026-11-24T12:35:00Z', true]],
    approximate: false,
  },
  {
    name: 'breakdowns of the last 90 minutes: the open hour exact, the hour before by midpoint',
    zone: 'UTC',
    range: ['2026-11-24T11:04:00Z', '2026-11-24T12:35:00Z'],
    horizons: NO_MINUTES,
    dataEnd: '2026-11-24T12:34:56Z',
    segments: [
      ['hour', '2026-11-24T11:00:00Z', '2026-11-24T12:00:00Z', false],
      ['hour', '2026-11-24T12:00:00Z', '2026-11-24T13:00:00Z', true],
    ],
    approximate: true,
  },
  {
    name: 'pruned minutes: a minute holding an hour row’s midpoint gets that row',
    zone: 'UTC',
    range: ['2026-11-20T10:30:00Z', '2026-11-20T10:31:00Z'],
    horizons: minutesFrom('2026-11-22T12:34:56Z'),
    segments: [['hour', '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z', false]],
    approximate: true,
  },
  {
    name: 'pruned minutes: a minute holding no midpoint gets no row',
    zone: 'UTC',
    range: ['2026-11-20T10:00:00Z', '2026-11-20T10:01:00Z'],
    horizons: minutesFrom('2026-11-22T12:34:56Z'),
    segments: [],
    approximate: true,
  },
  {
    name: 'a range across the minute horizon: minutes after it, the hour row by midpoint before',
    zone: 'UTC',
    range: ['2026-11-24T09:30:00Z', '2026-11-24T10:30:00Z'],
    horizons: minutesFrom('2026-11-24T10:00:00Z'),
    segments: [
      ['hour', '2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z', false],
      ['minute', '2026-11-24T10:00:00Z', '2026-11-24T10:30:00Z', true],
    ],
    approximate: true,
  },
  {
    name: 'hours pruned under an earlier plan: the day row by its midpoint',
    zone: 'UTC',
    range: ['2026-10-20T12:00:00Z', '2026-10-20T13:00:00Z'],
    horizons: { minute: Infinity, hour: at('2026-11-01T00:00:00Z'), day: -Infinity },
    segments: [['day', '2026-10-20T00:00:00Z', '2026-10-21T00:00:00Z', false]],
    approximate: true,
  },
  {
    name: 'no level complete: nothing to read, approximate',
    zone: 'UTC',
    range: ['2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z'],
    horizons: { minute: Infinity, hour: Infinity, day: Infinity },
    segments: [],
    approximate: true,
  },
];

const readable = (segments: readonly Segment[]) => segments.map((s) => [s.level, utc(s.from), utc(s.to), s.exact]);

describe('the level cascade (query/cover.ts)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const dataEnd = c.dataEnd === undefined ? Infinity : at(c.dataEnd);
      const cover = coverRange(at(c.range[0]), at(c.range[1]), storedGrids(c.zone), c.horizons, dataEnd);
      expect(readable(cover.segments)).to.deep.equal(c.segments);
      expect(cover.approximate).to.equal(c.approximate);
    });
  }

  it('joins touching segments of one level and kind, without changing its input', () => {
    const segment = (level: Level, from: number, to: number, exact = true): Segment => ({ level, from, to, exact });
    const input = [segment('minute', 0, 60), segment('hour', 3600, 7200), segment('minute', 60, 120), segment('minute', 120, 180, false), segment('hour', 7200, 10800), segment('hour', 14400, 18000)];
    const copy = structuredClone(input);
    expect(mergeSegments(input)).to.deep.equal([
      segment('hour', 3600, 10800),
      segment('hour', 14400, 18000),
      segment('minute', 120, 180, false),
      segment('minute', 0, 120),
    ]);
    expect(input).to.deep.equal(copy);
  });
});
