/**
 * Service times are counted in fixed, roughly logarithmic bins (dimension `service`). A bin's
 * key is its upper bound in ms as a string ('0', '1', '2', '5', …, '30000'); times above the
 * last bound go to 'inf'. Query code computes percentiles from these counts.
 */
export const SERVICE_BIN_BOUNDS_MS: readonly number[] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000];
export const SERVICE_OVERFLOW_KEY = 'inf';

const BOUND_KEYS = SERVICE_BIN_BOUNDS_MS.map(String);

/** Every bin's key by its index (`serviceBinIndex`): the bounds', then the overflow bin's. */
export const SERVICE_BIN_KEYS: readonly string[] = [...BOUND_KEYS, SERVICE_OVERFLOW_KEY];

/** The index of a service time's bin: the smallest upper bound it does not exceed, else the overflow bin. */
export function serviceBinIndex(ms: number): number {
  let i = 0;
  while (i < SERVICE_BIN_BOUNDS_MS.length && !(ms <= (SERVICE_BIN_BOUNDS_MS[i] as number))) i++;
  return i;
}

/** The bin key for a service time: the smallest upper bound it does not exceed. */
export function serviceBinKey(ms: number): string {
  return SERVICE_BIN_KEYS[serviceBinIndex(ms)] as string;
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram given as counts by bin key: the upper bound of the
 * bin holding that rank, so it never understates; the overflow bin answers the last bound.
 * Null when the histogram is empty.
 */
export function percentile(bins: ReadonlyMap<string, number>, q: number): number | null {
  let total = 0;
  for (const n of bins.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < BOUND_KEYS.length; i++) {
    seen += bins.get(BOUND_KEYS[i] as string) ?? 0;
    if (seen >= rank) return SERVICE_BIN_BOUNDS_MS[i] as number;
  }
  return SERVICE_BIN_BOUNDS_MS.at(-1) as number;
}
