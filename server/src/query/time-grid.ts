import { DateTime } from 'luxon';
import type { Interval } from '../contract/api.js';

export type { Interval };

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

const UNIT_SECONDS: Record<Interval, number> = { minute: 60, hour: 3600, day: 86400 };

export function timeGrid(unit: Interval, zone: string): TimeGrid {
  if (zone === 'UTC') return fixedGrid(UNIT_SECONDS[unit]);
  const at = (t: number) => DateTime.fromSeconds(t, { zone });
  const step = unit === 'day' ? { days: 1 } : unit === 'hour' ? { hours: 1 } : { minutes: 1 };
  // Zone arithmetic is slow and the same bucket is asked for again and again.
  const nextOf = new Map<number, number>();
  return {
    floor: (t) => at(t).startOf(unit).toSeconds(),
    next(start) {
      let next = nextOf.get(start);
      if (next === undefined) {
        next = at(start).plus(step).startOf(unit).toSeconds();
        nextOf.set(start, next);
      }
      return next;
    },
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
