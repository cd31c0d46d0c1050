import { DIMENSIONS } from './store.js';
import type { Dimension, Level } from './store.js';

/** Levels as stored in the `counts.level` column. */
export const LEVEL_CODES: Record<Level, number> = { minute: 0, hour: 1, day: 2 };

/**
 * Which dimensions are stored at each level: the one place the writer and the queries agree on.
 * The minute level holds the request series (`all`, `error`, `lost`) and router error codes,
 * which `router_error` alerts count over the last N minutes. Codes are few (Heroku's H, L and R
 * codes, only on error lines), so their minute rows are bounded by codes × minutes whatever the
 * traffic. The other breakdowns are kept per hour and day: their long tail of rare keys (paths,
 * statuses, service bins) would otherwise appear in more minute buckets as traffic grows, so
 * storage would grow with traffic.
 */
export const LEVEL_DIMENSIONS: Readonly<Record<Level, readonly Dimension[]>> = {
  minute: ['all', 'error', 'lost', 'code'],
  hour: DIMENSIONS,
  day: DIMENSIONS,
};

export function isStoredAt(level: Level, dim: Dimension): boolean {
  return LEVEL_DIMENSIONS[level].includes(dim);
}
