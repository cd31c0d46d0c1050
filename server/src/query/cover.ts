import type { Level } from '../model/levels.js';
import type { Horizons } from './horizons.js';
import { ceilTo, fixedGrid, timeGrid } from './time-grid.js';
import type { TimeGrid } from './time-grid.js';

/**
 * Rows of one level to read: bucket starts in [from, to). An exact segment's rows lie inside
 * the time they stand for; an approximate one's rows are attributed by their midpoint.
 */
export interface Segment {
  level: Level;
  from: number;
  to: number;
  exact: boolean;
}

export interface Cover {
  segments: Segment[];
  approximate: boolean;
}

/** How rows of each level are bucketed: minute and hour in UTC, day at the resource's midnight. */
export type StoredGrids = Record<Level, TimeGrid>;

export function storedGrids(resourceZone: string): StoredGrids {
  return { minute: fixedGrid(60), hour: fixedGrid(3600), day: timeGrid('day', resourceZone) };
}

const COARSEST_FIRST: readonly Level[] = ['day', 'hour', 'minute'];
/** No row of the level fits in less time than this (a DST day has 23 hours). */
const SHORTEST_ROW: Record<Level, number> = { minute: 60, hour: 3600, day: 23 * 3600 };
const FINEST_FIRST: readonly Level[] = ['minute', 'hour', 'day'];

/**
 * Which stored rows add up to [a, b): the coarsest complete level whose buckets fit inside,
 * then finer levels for the edges. Every level holds the same requests, so any exact mix gives
 * the same numbers; coarse rows just mean fewer rows to read. Time that no complete, aligned
 * level covers falls back to the finest complete level, attributed by midpoint (approximate).
 * No row holds time at or after `dataEnd` (now), so when b ≥ dataEnd the row being filled
 * lies inside [a, b) as far as its data goes: the current hour counts for "the last 90 minutes".
 */
export function coverRange(a: number, b: number, grids: StoredGrids, horizons: Horizons, dataEnd = Infinity): Cover {
  const segments: Segment[] = [];
  let approximate = false;
  const fill = (from: number, to: number, depth: number): void => {
    if (from >= to) return;
    const level = COARSEST_FIRST[depth];
    if (level === undefined) {
      approximate = true;
      const fallback = midpointSpan(from, to, grids, horizons, dataEnd);
      if (fallback) segments.push(fallback);
      return;
    }
    if (horizons[level] >= to || (to < dataEnd && to - from < SHORTEST_ROW[level])) return fill(from, to, depth + 1);
    const grid = grids[level];
    const start = ceilTo(grid, Math.max(from, horizons[level]));
    const end = isOpenRowAt(grid, to, dataEnd) ? grid.next(grid.floor(to)) : grid.floor(to);
    if (start >= end) return fill(from, to, depth + 1);
    fill(from, start, depth + 1);
    segments.push({ level, from: start, to: end, exact: true });
    fill(end, to, depth + 1);
  };
  fill(a, b, 0);
  return { segments, approximate };
}

/**
 * The finest complete level's rows whose midpoints fall in [a, b), and the row containing b
 * when b ≥ dataEnd (its data ends before b); null when no level is complete there.
 */
function midpointSpan(a: number, b: number, grids: StoredGrids, horizons: Horizons, dataEnd: number): Segment | null {
  for (const level of FINEST_FIRST) {
    const from = firstMidpointAtOrAfter(grids[level], a);
    if (from < horizons[level]) continue;
    const to = isOpenRowAt(grids[level], b, dataEnd) ? grids[level].next(grids[level].floor(b)) : firstMidpointAtOrAfter(grids[level], b);
    return from < to ? { level, from, to, exact: false } : null;
  }
  return null;
}

/** Whether the row containing t is still being filled (dataEnd in [its start, t]): all its data lies before t. */
function isOpenRowAt(grid: TimeGrid, t: number, dataEnd: number): boolean {
  return t >= dataEnd && grid.floor(t) < dataEnd;
}

function firstMidpointAtOrAfter(grid: TimeGrid, t: number): number {
  const start = grid.floor(t);
  const end = grid.next(start);
  return start + (end - start) / 2 >= t ? start : end;
}

/** Joins touching segments of the same level and kind, so a long series needs few reads. */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const sorted = [...segments].sort((x, y) => x.level.localeCompare(y.level) || Number(x.exact) - Number(y.exact) || x.from - y.from);
  const merged: Segment[] = [];
  for (const segment of sorted) {
    const last = merged.at(-1);
    if (last && last.level === segment.level && last.exact === segment.exact && last.to === segment.from) {
      last.to = segment.to;
    } else {
      merged.push({ ...segment });
    }
  }
  return merged;
}
