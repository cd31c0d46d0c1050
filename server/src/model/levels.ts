/** Aggregation levels, finest first. Every request is counted at all three at ingest time. */
export type Level = 'minute' | 'hour' | 'day';
export const LEVELS: readonly Level[] = ['minute', 'hour', 'day'];

/**
 * What a count row breaks requests down by. `all` and `error` have the empty key;
 * `service` keys are service-time histogram bins; `lost` counts L10-dropped lines.
 */
export type Dimension = 'all' | 'error' | 'status' | 'method' | 'path' | 'dyno' | 'code' | 'service' | 'lost';
export const DIMENSIONS: readonly Dimension[] = ['all', 'error', 'status', 'method', 'path', 'dyno', 'code', 'service', 'lost'];

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
