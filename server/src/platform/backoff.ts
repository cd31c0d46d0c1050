import { setTimeout as delay } from 'node:timers/promises';

/** How a call to Heroku is retried: `attempts` tries in all, waiting base, 2·base, 4·base… (capped) between them. */
export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export function retryPolicy(baseMs: number, attempts = 4): RetryPolicy {
  return { attempts, baseMs, maxMs: Math.max(baseMs, 30_000) };
}

/** The wait after the `failures`-th failed try (1-based); a Retry-After in seconds wins when it is longer, within the cap. */
export function backoffMs(policy: RetryPolicy, failures: number, retryAfter?: string | null): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1));
  const asked = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
  return Math.min(policy.maxMs, Math.max(exponential, asked));
}

export const sleep = (ms: number): Promise<void> => delay(ms, undefined, { ref: false });

/** Statuses worth another try: Heroku asked us to slow down, or failed on its side. */
export const retryableStatus = (status: number): boolean => status === 429 || status >= 500;

/** First wait of a job that retries across rounds (grant exchange, milestone delivery); it doubles, up to an hour. */
export const ROUND_RETRY_SECONDS = 15;

/** When a job that failed `failures` times in a row tries again: 15 s, 30 s, 1 min, … up to an hour. */
export function nextAttemptAt(now: number, failures: number): number {
  return now + Math.min(3600, ROUND_RETRY_SECONDS * 2 ** (failures - 1));
}
