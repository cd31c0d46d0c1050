import { retentionOf } from '../model/plans.js';
import { isStoredAt, LEVELS } from '../model/levels.js';
import type { Dimension, Level } from '../model/levels.js';
import type { Resource } from '../model/resource.js';

export type Horizons = Record<Level, number>;

/**
 * The earliest bucket start from which each level's rows are complete. Retention deletes
 * rows older than the plan keeps; reading the plan (not only what was pruned) makes queries
 * agree before and after a prune run, and a downgrade takes effect at once. `prunedBefore`
 * covers an upgrade: rows pruned under the old plan stay gone.
 */
export function levelHorizons(resource: Pick<Resource, 'plan' | 'prunedBefore'>, now: number): Horizons {
  const retention = retentionOf(resource.plan);
  return {
    minute: Math.max(now - retention.minute, resource.prunedBefore.minute),
    hour: Math.max(now - retention.hour, resource.prunedBefore.hour),
    day: retention.day === null ? -Infinity : now - retention.day,
  };
}

/** Horizons for reading `dims` together: a level that does not store all of them never has their rows. */
export function horizonsFor(horizons: Horizons, dims: readonly Dimension[]): Horizons {
  const out = { ...horizons };
  for (const level of LEVELS) if (!dims.every((dim) => isStoredAt(level, dim))) out[level] = Infinity;
  return out;
}
