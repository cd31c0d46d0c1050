/**
 * Placeholder for the bins of `server/src/aggregate/service-histogram.ts` (branch ingest):
 * upper bounds in ms; a bin's key is its upper bound, times above the last bound go to `+Inf`.
 */
export const SERVICE_BIN_BOUNDS_MS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000];

export interface ServicePercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Percentiles from histogram counts keyed by bin: each is the upper bound of the bin holding
 * that rank (the last bound for the open bin), so they never understate.
 */
export function servicePercentiles(counts: ReadonlyMap<string, number>, bounds: readonly number[]): ServicePercentiles | null {
  const known = bounds.map((bound) => counts.get(String(bound)) ?? 0);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const percentile = (p: number): number => {
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (const [i, n] of known.entries()) {
      seen += n;
      if (seen >= rank) return bounds[i] as number;
    }
    return bounds.at(-1) as number;
  };
  return { p50: percentile(50), p95: percentile(95), p99: percentile(99) };
}
