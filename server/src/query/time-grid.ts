import { DateTime } from 'luxon';

export type Interval = 'minute' | 'hour' | 'day';
export const INTERVALS: readonly Interval[] = ['minute', 'hour', 'day'];

/**
 * The bucket boundaries of one unit in one zone, in unix seconds. Minutes and hours are
 * the zone's local minutes and hours (Asia/Kathmandu hours start at :15 UTC); days start at
 * local midnight, so a DST day lasts 23 or 25 hours.
 */
export interface TimeGrid {
  /** Start of the bucket containing t. */
  floor(t: number): number;
  /** Start of the bucket after the one starting at t. */
  next(start: number): number;
}

export function timeGrid(unit: Interval, zone: string): TimeGrid {
  if (unit !== 'day' && zone === 'UTC') return fixedGrid(unit === 'minute' ? 60 : 3600);
  const at = (t: number) => DateTime.fromSeconds(t, { zone });
  return {
    floor: (t) => at(t).startOf(unit).toSeconds(),
    next: (start) =>
      unit === 'day'
        ? at(start).plus({ days: 1 }).startOf('day').toSeconds()
        : at(start).plus({ [unit === 'minute' ? 'minutes' : 'hours']: 1 }).startOf(unit).toSeconds(),
  };
}

/** Stored minute and hour rows are UTC buckets of a fixed length. */
export function fixedGrid(seconds: number): TimeGrid {
  return {
    floor: (t) => Math.floor(t / seconds) * seconds,
    next: (start) => start + seconds,
  };
}

/** The first boundary at or after t. */
export function ceilTo(grid: TimeGrid, t: number): number {
  const start = grid.floor(t);
  return start === t ? t : grid.next(start);
}

/** Boundaries from `from` (a boundary) up to and including the last one ≤ `to`. */
export function boundaries(grid: TimeGrid, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t = grid.next(t)) out.push(t);
  return out;
}

/** Local ISO time with offset, e.g. 2026-11-23T06:00:00+05:30. */
export function localIso(t: number, zone: string): string {
  return DateTime.fromSeconds(t, { zone }).toISO({ suppressMilliseconds: true }) as string;
}
