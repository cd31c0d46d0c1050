import { DateTime } from 'luxon';
import { percentile } from '../model/service-histogram.js';
import type { Resource } from '../model/resource.js';
import type { CountStore } from '../store/store.js';
import { resolveRange, tooManyPoints, MAX_POINTS } from './params.js';
import type { CountsParams, Range } from './params.js';
import { bucketIndex, sumRows, totalsByKey } from './read-segments.js';
import type { PlacedRow } from './read-segments.js';
import { rangeReader } from './range-reader.js';
import type { RangeReader } from './range-reader.js';
import { boundaries, fixedGrid, localIso, timeGrid } from './time-grid.js';
import type { CompareKind, Comparison, CountsReport, Interval, RecentCounts, ResourceSummary, SeriesPoint, ServicePercentiles } from '../contract/api.js';
import { changePercent, comparisonRange, comparisonWindow } from './compare.js';
import type { Window } from './compare.js';

type RecentKey = keyof RecentCounts;

export function resourceSummary(resource: Resource): ResourceSummary {
  return { id: resource.id, name: resource.name, plan: resource.plan, timezone: resource.options.timezone };
}

/** `/counts` without what the route adds from other folders (milestones, releases). */
export type RangeCounts = Omit<CountsReport, 'milestones' | 'releases'>;

export async function countsReport(
  store: CountStore,
  resource: Resource,
  params: CountsParams,
  now = new Date(),
  compare?: CompareKind,
): Promise<RangeCounts> {
  const range = resolveRange(params, now);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const reader = rangeReader(store, resource, nowSeconds);
  const windows = recentWindows(nowSeconds, range.tz);
  // The series has minute rows; breakdowns exist only per hour and day, so they are read for
  // the whole range at once (an hour row need not fit inside one output bucket).
  const [counted, breakdowns, recent, totals, comparison] = await Promise.all([
    readSeries(reader, range),
    reader.read([range.since, range.until], ['status', 'code', 'service']),
    sumWindows(reader, windows),
    store.readTotals(resource.seq),
    compare === undefined ? undefined : compareWith(reader, comparisonRange(range, compare), compareWindows(windows, compare, range.tz)),
  ]);
  const report: RangeCounts = {
    resource: resourceSummary(resource),
    ...rangeFields(range),
    total: totals.requests,
    ...counted.numbers,
    recent: recent.counts,
    by_status_class: statusClasses(totalsByKey(breakdowns.rows, 'status')),
    router_errors: Object.fromEntries([...totalsByKey(breakdowns.rows, 'code')].sort(([a], [b]) => a.localeCompare(b))),
    service_ms: servicePercentiles(totalsByKey(breakdowns.rows, 'service')),
    series: counted.series,
    approximate: counted.approximate || breakdowns.approximate,
    series_approximate: counted.approximate,
    breakdowns_approximate: breakdowns.approximate,
    recent_approximate: recent.approximate,
    compare: null,
  };
  if (compare !== undefined && comparison) report.compare = comparisonOf(report, compare, comparison);
  return report;
}

interface SeriesNumbers {
  numbers: { sum: number; errors: number; lost_lines: number };
  series: SeriesPoint[];
  approximate: boolean;
}

async function readSeries(reader: RangeReader, range: Range): Promise<SeriesNumbers> {
  const edges = boundaries(timeGrid(range.interval, range.tz), range.since, range.until);
  if (edges.length - 1 > MAX_POINTS) throw tooManyPoints(range.interval);
  const { rows, approximate } = await reader.read(edges, ['all', 'error', 'lost']);
  return {
    numbers: { sum: sumRows(rows, 'all'), errors: sumRows(rows, 'error'), lost_lines: sumRows(rows, 'lost') },
    series: series(edges, rows, range.tz),
    approximate,
  };
}

interface ComparedPeriod {
  range: Range;
  counted: SeriesNumbers;
  recent: { counts: RecentCounts; approximate: boolean };
}

async function compareWith(reader: RangeReader, range: Range, windows: Record<RecentKey, Window>): Promise<ComparedPeriod> {
  const [counted, recent] = await Promise.all([readSeries(reader, range), sumWindows(reader, windows)]);
  return { range, counted, recent };
}

function comparisonOf(report: RangeCounts, kind: CompareKind, base: ComparedPeriod): Comparison {
  const { since, until } = rangeFields(base.range);
  const numbers = base.counted.numbers;
  const change = (key: keyof typeof numbers) => changePercent(report[key], numbers[key]);
  const recentChange = (key: RecentKey) => changePercent(report.recent[key], base.recent.counts[key]);
  return {
    kind,
    since,
    until,
    ...numbers,
    recent: base.recent.counts,
    series: base.counted.series,
    series_approximate: base.counted.approximate,
    recent_approximate: base.recent.approximate,
    change_percent: {
      sum: change('sum'),
      errors: change('errors'),
      lost_lines: change('lost_lines'),
      last_hour: recentChange('last_hour'),
      today: recentChange('today'),
      last_7_days: recentChange('last_7_days'),
      last_30_days: recentChange('last_30_days'),
    },
  };
}

export function rangeFields(range: Range): { tz: string; interval: Interval; since: string; until: string } {
  return { tz: range.tz, interval: range.interval, since: localIso(range.since, range.tz), until: localIso(range.until, range.tz) };
}

function series(edges: readonly number[], rows: readonly PlacedRow[], tz: string): SeriesPoint[] {
  const starts = edges.slice(0, -1);
  const points = starts.map((t) => ({ t: localIso(t, tz), count: 0, errors: 0 }));
  for (const row of rows) {
    if (row.dim !== 'all' && row.dim !== 'error') continue;
    const point = points[bucketIndex(starts, row.at)];
    if (!point) continue;
    if (row.dim === 'all') point.count += row.n;
    else point.errors += row.n;
  }
  return points;
}

/** Upper bounds of the histogram bins holding each rank; null without data. */
function servicePercentiles(bins: ReadonlyMap<string, number>): ServicePercentiles | null {
  const p50 = percentile(bins, 0.5);
  if (p50 === null) return null;
  return { p50, p95: percentile(bins, 0.95) as number, p99: percentile(bins, 0.99) as number };
}

function statusClasses(byStatus: ReadonlyMap<string, number>): CountsReport['by_status_class'] {
  const classes = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  for (const [status, n] of byStatus) {
    const name = `${status[0]}xx`;
    if (/^[1-5]\d\d$/.test(status) && name in classes) classes[name as keyof typeof classes] += n;
  }
  return classes;
}

/** Last 60 minutes; today from local midnight; the last 7 and 30 local days, today included. */
function recentWindows(now: number, tz: string): Record<RecentKey, Window> {
  const end = fixedGrid(60).floor(now) + 60;
  const midnight = DateTime.fromSeconds(now, { zone: tz }).startOf('day');
  const daysBack = (days: number) => midnight.minus({ days }).toSeconds();
  return {
    last_hour: [end - 3600, end],
    today: [midnight.toSeconds(), end],
    last_7_days: [daysBack(6), end],
    last_30_days: [daysBack(29), end],
  };
}

/** Each window's own earlier window (the previous hour, yesterday up to now, the 7 and 30 days before). */
function compareWindows(windows: Record<RecentKey, Window>, kind: CompareKind, tz: string): Record<RecentKey, Window> {
  return {
    last_hour: comparisonWindow(windows.last_hour, kind, tz, { hours: 1 }),
    today: comparisonWindow(windows.today, kind, tz, { days: 1 }),
    last_7_days: comparisonWindow(windows.last_7_days, kind, tz, { days: 7 }),
    last_30_days: comparisonWindow(windows.last_30_days, kind, tz, { days: 30 }),
  };
}

async function sumWindows(reader: RangeReader, windows: Record<RecentKey, Window>): Promise<{ counts: RecentCounts; approximate: boolean }> {
  const sum = (key: RecentKey) => reader.sum(windows[key][0], windows[key][1], 'all');
  const sums = await Promise.all([sum('last_hour'), sum('today'), sum('last_7_days'), sum('last_30_days')]);
  const [lastHour, today, last7, last30] = sums.map((w) => w.n) as [number, number, number, number];
  return {
    counts: { last_hour: lastHour, today, last_7_days: last7, last_30_days: last30 },
    approximate: sums.some((w) => w.approximate),
  };
}
