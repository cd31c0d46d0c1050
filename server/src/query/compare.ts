import { DateTime } from 'luxon';
import { QueryParamError } from './query-param-error.js';
import type { CompareKind } from '../contract/api.js';
import { COMPARE_KINDS } from '../contract/input-rules.js';
import type { Range } from './params.js';
import { ceilTo, timeGrid } from './time-grid.js';

export { COMPARE_KINDS };

export function parseCompare(value: string | undefined): CompareKind | undefined {
  if (value === undefined) return undefined;
  if (!(COMPARE_KINDS as readonly string[]).includes(value)) throw new QueryParamError('compare', `expected one of ${COMPARE_KINDS.join(', ')}`);
  return value as CompareKind;
}

/** A window [from, to) in unix seconds. */
export type Window = readonly [number, number];

const CALENDAR_SHIFT = { week: { weeks: 1 }, year: { years: 1 } } as const;

/** The same local wall-clock time one week or one year earlier (a DST week is 167 or 169 hours). */
function calendarEarlier(t: number, kind: 'week' | 'year', tz: string): number {
  return Math.floor(DateTime.fromSeconds(t, { zone: tz }).minus(CALENDAR_SHIFT[kind]).toSeconds());
}

/**
 * The range a report is compared with: for `previous`, as many buckets right before `since`
 * (so the previous 3 local days of a DST change last 71 or 73 hours); for `week` and `year`,
 * the same local times one week or one year earlier, widened to whole buckets.
 */
export function comparisonRange(range: Range, kind: CompareKind): Range {
  const grid = timeGrid(range.interval, range.tz);
  if (kind !== 'previous') {
    const since = grid.floor(calendarEarlier(range.since, kind, range.tz));
    return { ...range, since, until: ceilTo(grid, calendarEarlier(range.until, kind, range.tz)) };
  }
  let since = range.since;
  for (let t = range.since; t < range.until; t = grid.next(t)) since = grid.floor(since - 1);
  return { ...range, since, until: range.since };
}

/**
 * A `recent` window against its comparison: for `previous`, the window just before it of the
 * same local length (yesterday up to the same time for today); else a week or a year earlier.
 */
export function comparisonWindow([from, to]: Window, kind: CompareKind, tz: string, localLength: { days: number } | { hours: number }): Window {
  if (kind !== 'previous') return [calendarEarlier(from, kind, tz), calendarEarlier(to, kind, tz)];
  const back = (t: number) => Math.floor(DateTime.fromSeconds(t, { zone: tz }).minus(localLength).toSeconds());
  return [back(from), back(to)];
}

/** The change from `base` to `current` in percent, one decimal; null when there is no base to compare with. */
export function changePercent(current: number, base: number): number | null {
  if (base === 0) return null;
  return Math.round((1000 * (current - base)) / base) / 10;
}
