import type { Dimension } from '../model/levels.js';
import type { Resource } from '../model/resource.js';
import type { CountStore } from '../store/store.js';
import { coverRange, mergeSegments, storedGrids } from './cover.js';
import type { StoredGrids } from './cover.js';
import { horizonsFor, levelHorizons } from './horizons.js';
import type { Horizons } from './horizons.js';
import { readSegments } from './read-segments.js';
import type { PlacedRow } from './read-segments.js';

export interface RangeRows {
  rows: PlacedRow[];
  approximate: boolean;
}

/** Reads one resource's rows for time ranges, choosing levels by what retention has kept. */
export interface RangeReader {
  /**
   * Rows whose time falls in the consecutive buckets given by `edges` (n + 1 boundaries), read
   * only from levels that store every one of `dims`.
   */
  read(edges: readonly number[], dims: readonly Dimension[]): Promise<RangeRows>;
  /** The sum of one dimension over [from, to). */
  sum(from: number, to: number, dim: Dimension): Promise<{ n: number; approximate: boolean }>;
}

export function rangeReader(store: CountStore, resource: Resource, now: number): RangeReader {
  const horizons: Horizons = levelHorizons(resource, now);
  const grids: StoredGrids = storedGrids(resource.options.timezone);
  const read = async (edges: readonly number[], dims: readonly Dimension[]): Promise<RangeRows> => {
    const dimHorizons = horizonsFor(horizons, dims);
    const covers = edges.slice(1).map((to, i) => coverRange(edges[i] as number, to, grids, dimHorizons, now));
    const segments = mergeSegments(covers.flatMap((cover) => cover.segments));
    const rows = await readSegments(store, resource.seq, segments, dims, grids);
    return { rows, approximate: covers.some((cover) => cover.approximate) };
  };
  return {
    read,
    async sum(from, to, dim) {
      const { rows, approximate } = await read([from, to], [dim]);
      return { n: rows.reduce((sum, row) => sum + row.n, 0), approximate };
    },
  };
}
