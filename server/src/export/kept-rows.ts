import { LEVEL_DIMENSIONS, LEVELS } from '../model/levels.js';
import type { Level } from '../model/levels.js';
import type { Resource } from '../model/resource.js';
import { levelHorizons } from '../query/horizons.js';
import type { CountRow } from '../model/counts.js';
import type { CountStore } from '../store/store.js';

/** How many seconds of buckets one read covers: a few thousand rows at most per chunk. */
const CHUNK_SECONDS: Record<Level, number> = { minute: 6 * 3600, hour: 24 * 3600, day: 31 * 24 * 3600 };
/** Rows stamped after now (a log line from a fast clock) are exported too. */
const END = Number.MAX_SAFE_INTEGER;

export interface KeptChunk {
  level: Level;
  rows: CountRow[];
}

/** Where a level's export starts: what the plan still keeps, from `since` on. Days are kept forever: start at the first one. */
async function startOf(store: CountStore, resource: Resource, level: Level, from: number): Promise<number | null> {
  if (Number.isFinite(from)) return from;
  const firstDays = await store.readCounts({ resourceSeq: resource.seq, level, from: 0, to: END, dims: ['all', 'lost'] });
  return firstDays[0]?.bucket ?? null;
}

/**
 * Every count row the plan still keeps (minute rows within the minute retention, and so on),
 * level by level and oldest first, read a chunk of buckets at a time so that an export of a
 * year of hours is never held in memory at once.
 */
export async function* keptRows(store: CountStore, resource: Resource, since: number | undefined, now: number): AsyncGenerator<KeptChunk> {
  const horizons = levelHorizons(resource, now);
  for (const level of LEVELS) {
    const start = await startOf(store, resource, level, Math.max(horizons[level], since ?? -Infinity));
    if (start === null) continue;
    const step = CHUNK_SECONDS[level];
    for (let from = start; from <= now; from += step) {
      const to = from + step > now ? END : from + step;
      const rows = await store.readCounts({ resourceSeq: resource.seq, level, from, to, dims: LEVEL_DIMENSIONS[level] });
      rows.sort((a, b) => a.bucket - b.bucket || compare(a.dim, b.dim) || compare(a.key, b.key));
      if (rows.length > 0) yield { level, rows };
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
