/** A worker that ran this long before dying was not in a crash loop: its replacement starts at once. */
export const STABLE_WORKER_MS = 60_000;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before replacing a dead worker, given how many workers in a row died within
 * STABLE_WORKER_MS of starting: 0 after a stable one, then 1 s, 2 s, 4 s … up to 30 s.
 */
export function restartDelayMs(quickExitsInARow: number): number {
  if (quickExitsInARow <= 0) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (quickExitsInARow - 1));
}
