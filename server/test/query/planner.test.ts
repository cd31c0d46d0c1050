import { expect } from 'chai';
import type { PlanName } from '../../src/model/plans.js';
import { countsReport, parseCountsParams } from '../../src/query/index.js';
import type { CountsReport } from '../../src/query/index.js';
import type { PruneCutoffs } from '../../src/store/store.js';
import { seedRequests } from '../support/seed-counts.js';
import type { SeedRequest } from '../support/seed-counts.js';
import { createMemoryDatabase } from '../../src/store/memory/memory-store.js';
import { addTestResource } from '../support/temp-store.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const hourly = (from: string, hours: number): SeedRequest[] =>
  Array.from({ length: hours }, (_, i) => ({ at: new Date((at(from) + i * 3600) * 1000).toISOString() }));

interface PlannerCase {
  name: string;
  zone: string;
  seed: SeedRequest[];
  /** Applied after seeding, in this order. */
  prune?: PruneCutoffs;
  plan?: PlanName;
  now: string;
  query: Record<string, string>;
  expected: Partial<CountsReport> & { counts?: number[] };
}

const cases: PlannerCase[] = [
  {
    name: 'a 23-hour DST day is one day of 23 hours',
    zone: 'Europe/Berlin',
    seed: [{ at: '2026-03-28T22:30:00Z' }, ...hourly('2026-03-28T23:00:00Z', 23), { at: '2026-03-29T22:30:00Z' }],
    now: '2026-03-30T12:00:00Z',
    query: { since: '2026-03-29T00:00:00', until: '2026-03-30T00:00:00', interval: 'day' },
    expected: { sum: 23, counts: [23], series_approximate: false },
  },
  {
    name: 'a 23-hour DST day by hour: 23 points',
    zone: 'Europe/Berlin',
    seed: hourly('2026-03-28T23:00:00Z', 23),
    now: '2026-03-30T12:00:00Z',
    query: { since: '2026-03-29T00:00:00', until: '2026-03-30T00:00:00', interval: 'hour' },
    expected: { sum: 23, counts: Array(23).fill(1), series_approximate: false },
  },
  {
    name: 'a 25-hour DST day is one day of 25 hours',
    zone: 'Europe/Berlin',
    seed: [{ at: '2026-10-24T21:30:00Z' }, ...hourly('2026-10-24T22:00:00Z', 25), { at: '2026-10-25T23:30:00Z' }],
    now: '2026-10-26T12:00:00Z',
    query: { since: '2026-10-25T00:00:00', until: '2026-10-26T00:00:00', interval: 'day' },
    expected: { sum: 25, counts: [25], series_approximate: false },
  },
  {
    name: 'a +05:30 hour of a UTC resource, exact from minute rows',
    zone: 'UTC',
    seed: [{ at: '2026-11-24T12:29:00Z' }, { at: '2026-11-24T12:40:00Z' }, { at: '2026-11-24T13:20:00Z' }, { at: '2026-11-24T13:25:00Z' }],
    now: '2026-11-24T18:00:00Z',
    query: { since: '2026-11-24T18:00:00', until: '2026-11-24T19:00:00', interval: 'hour', tz: 'Asia/Kolkata' },
    expected: { sum: 3, counts: [3], series_approximate: false },
  },
  {
    name: 'the same +05:30 hour after the minute retention: the hour row holding its midpoint',
    zone: 'UTC',
    seed: [{ at: '2026-11-24T12:29:00Z' }, { at: '2026-11-24T12:40:00Z' }, { at: '2026-11-24T13:20:00Z' }, { at: '2026-11-24T13:25:00Z' }],
    now: '2026-11-27T18:00:00Z',
    query: { since: '2026-11-24T18:00:00', until: '2026-11-24T19:00:00', interval: 'hour', tz: 'Asia/Kolkata' },
    expected: { sum: 2, counts: [2], series_approximate: true },
  },
  {
    name: 'a +05:45 hour of a UTC resource, exact from minute rows',
    zone: 'UTC',
    seed: [{ at: '2026-11-24T12:14:00Z' }, { at: '2026-11-24T12:20:00Z' }, { at: '2026-11-24T13:10:00Z' }, { at: '2026-11-24T13:15:00Z' }],
    now: '2026-11-24T18:00:00Z',
    query: { since: '2026-11-24T18:00:00', until: '2026-11-24T19:00:00', interval: 'hour', tz: 'Asia/Kathmandu' },
    expected: { sum: 2, counts: [2], series_approximate: false },
  },
  {
    name: 'the last 90 minutes: the series exact, breakdowns from the open hour and the hour before by midpoint',
    zone: 'UTC',
    seed: [
      { at: '2026-11-24T11:00:30Z', status: 503 },
      { at: '2026-11-24T11:10:00Z', status: 500 },
      { at: '2026-11-24T12:20:00Z' },
      { at: '2026-11-24T12:34:00Z', status: 404 },
    ],
    now: '2026-11-24T12:34:56Z',
    query: { since: '90m' },
    expected: {
      sum: 3,
      by_status_class: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 1, '5xx': 2 },
      series_approximate: false,
      breakdowns_approximate: true,
    },
  },
  {
    name: 'pruned minutes: each hour row counted in the minute holding its midpoint',
    zone: 'UTC',
    seed: [{ at: '2026-11-20T10:10:00Z' }, { at: '2026-11-20T10:50:00Z' }],
    prune: { minute: at('2026-11-22T12:00:00Z'), hour: 0 },
    now: '2026-11-24T12:34:56Z',
    query: { since: '2026-11-20T10:00:00Z', until: '2026-11-20T11:00:00Z', interval: 'minute' },
    expected: { sum: 2, counts: Array.from({ length: 60 }, (_, i) => (i === 30 ? 2 : 0)), series_approximate: true },
  },
  {
    name: 'pruned minutes stay missing after an upgrade to pro',
    zone: 'UTC',
    seed: [{ at: '2026-11-20T10:10:00Z' }, { at: '2026-11-20T10:50:00Z' }],
    prune: { minute: at('2026-11-22T12:00:00Z'), hour: 0 },
    plan: 'pro',
    now: '2026-11-24T12:34:56Z',
    query: { since: '2026-11-20T10:00:00Z', until: '2026-11-20T11:00:00Z', interval: 'minute' },
    expected: { sum: 2, counts: Array.from({ length: 60 }, (_, i) => (i === 30 ? 2 : 0)), series_approximate: true },
  },
  {
    name: 'pro keeps those minutes when nothing was pruned',
    zone: 'UTC',
    seed: [{ at: '2026-11-20T10:10:00Z' }, { at: '2026-11-20T10:50:00Z' }],
    plan: 'pro',
    now: '2026-11-24T12:34:56Z',
    query: { since: '2026-11-20T10:00:00Z', until: '2026-11-20T11:00:00Z', interval: 'minute' },
    expected: { sum: 2, counts: Array.from({ length: 60 }, (_, i) => (i === 10 || i === 50 ? 1 : 0)), series_approximate: false },
  },
];

describe('the query planner on the in-memory store', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const store = createMemoryDatabase().openStore();
      const created = await addTestResource(store, c.zone);
      await seedRequests(store, created, c.seed);
      if (c.prune) await store.prune(created.seq, c.prune);
      if (c.plan) await store.changePlan(created.id, c.plan);
      const resource = await store.getResource(created.id);
      if (!resource) throw new Error('resource vanished');
      const now = new Date(c.now);
      const report = await countsReport(store, resource, parseCountsParams(c.query, resource, now), now);
      const { counts, ...fields } = c.expected;
      expect(report).to.deep.include(fields);
      if (counts) expect(report.series.map((point) => point.count)).to.deep.equal(counts);
    });
  }
});
