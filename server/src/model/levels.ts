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
 * The minute level holds only the request series (`all`, `error`, `lost`). Breakdowns are kept
 * per hour and day: their long tail of rare keys (paths, statuses, codes, service bins) would
 * otherwise appear in more minute buckets as traffic grows, so storage would grow with traffic.
 */
export const LEVEL_DIMENSIONS: Readonly<Record<Level, readonly Dimension[]>> = {
  minute: ['all', 'error', 'lost'],
  hour: DIMENSIONS,
  day: DIMENSIONS,
};

/**
 * Router error codes are also written per minute, for `router_error` alerts ("H12 ≥ K times in
 * the last N minutes", N ≤ 60), and kept only ALERT_MINUTE_RETENTION_SECONDS: queries never read
 * them (for queries the minute level does not store codes), and retention deletes them after two
 * hours, so they take codes × 120 rows per resource at most, whatever the traffic and the plan.
 */
export const ALERT_MINUTE_DIMENSIONS: readonly Dimension[] = ['code'];
export const ALERT_MINUTE_RETENTION_SECONDS = 2 * 3600;

export function isStoredAt(level: Level, dim: Dimension): boolean {
  return LEVEL_DIMENSIONS[level].includes(dim);
}
