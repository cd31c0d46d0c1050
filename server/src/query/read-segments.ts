import type { CountRow } from '../model/counts.js';
import type { Dimension } from '../model/levels.js';
import type { CountStore } from '../store/store.js';
import type { Segment, StoredGrids } from './cover.js';

/** A stored row with the time it is attributed to: its start if exact, else its midpoint. */
export interface PlacedRow extends CountRow {
  at: number;
}

export async function readSegments(
  store: CountStore,
  resourceSeq: number,
  segments: readonly Segment[],
  dims: readonly Dimension[],
  grids: StoredGrids,
): Promise<PlacedRow[]> {
  const reads = segments.map(async (segment) => {
    const rows = await store.readCounts({ resourceSeq, level: segment.level, from: segment.from, to: segment.to, dims });
    const grid = grids[segment.level];
    return rows.map((row) => ({ ...row, at: segment.exact ? row.bucket : (row.bucket + grid.next(row.bucket)) / 2 }));
  });
  return (await Promise.all(reads)).flat();
}

/** Index of the bucket in `starts` (ascending) that contains t; -1 before the first. */
export function bucketIndex(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function sumRows(rows: readonly CountRow[], dim: Dimension): number {
  let sum = 0;
  for (const row of rows) if (row.dim === dim) sum += row.n;
  return sum;
}

/** n per key of one dimension. */
export function totalsByKey(rows: readonly CountRow[], dim: Dimension): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) if (row.dim === dim) totals.set(row.key, (totals.get(row.key) ?? 0) + row.n);
  return totals;
}
