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
import type { CountsReport, Interval, RecentCounts, ResourceSummary, SeriesPoint, ServicePercentiles } from '../contract/api.js';

export function resourceSummary(resource: Resource): ResourceSummary {
  return { id: resource.id, name: resource.name, plan: resource.plan, timezone: resource.options.timezone };
}

/** `/counts` without what the route adds from other folders (milestones, releases). */
export type RangeCounts = Omit<CountsReport, 'milestones' | 'releases'>;

export async function countsReport(store: CountStore, resource: Resource, params: CountsParams, now = new Date()): Promise<RangeCounts> {
  const range = resolveRange(params, now);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const reader = rangeReader(store, resource, nowSeconds);
  const edges = boundaries(timeGrid(range.interval, range.tz), range.since, range.until);
  if (edges.length - 1 > MAX_POINTS) throw tooManyPoints(range.interval);
  // The series has minute rows; breakdowns exist only per hour and day, so they are read for
  // the whole range at once (an hour row need not fit inside one output bucket).
  const [counted, breakdowns, recent, totals] = await Promise.all([
    reader.read(edges, ['all', 'error', 'lost']),
    reader.read([range.since, range.until], ['status', 'code', 'service']),
    recentCounts(reader, nowSeconds, range.tz),
    store.readTotals(resource.seq),
  ]);
  return {
    resource: resourceSummary(resource),
    ...rangeFields(range),
    total: totals.requests,
    sum: sumRows(counted.rows, 'all'),
    errors: sumRows(counted.rows, 'error'),
    lost_lines: sumRows(counted.rows, 'lost'),
    recent: recent.counts,
    by_status_class: statusClasses(totalsByKey(breakdowns.rows, 'status')),
    router_errors: Object.fromEntries([...totalsByKey(breakdowns.rows, 'code')].sort(([a], [b]) => a.localeCompare(b))),
    service_ms: servicePercentiles(totalsByKey(breakdowns.rows, 'service')),
    series: series(edges, counted.rows, range.tz),
    approximate: counted.approximate || breakdowns.approximate,
    series_approximate: counted.approximate,
    breakdowns_approximate: breakdowns.approximate,
    recent_approximate: recent.approximate,
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
async function recentCounts(reader: RangeReader, now: number, tz: string): Promise<{ counts: RecentCounts; approximate: boolean }> {
  const end = fixedGrid(60).floor(now) + 60;
  const midnight = DateTime.fromSeconds(now, { zone: tz }).startOf('day');
  const daysBack = (days: number) => midnight.minus({ days }).toSeconds();
  const windows = await Promise.all([
    reader.sum(end - 3600, end, 'all'),
    reader.sum(midnight.toSeconds(), end, 'all'),
    reader.sum(daysBack(6), end, 'all'),
    reader.sum(daysBack(29), end, 'all'),
  ]);
  const [lastHour, today, last7, last30] = windows.map((w) => w.n) as [number, number, number, number];
  return {
    counts: { last_hour: lastHour, today, last_7_days: last7, last_30_days: last30 },
    approximate: windows.some((w) => w.approximate),
  };
}
