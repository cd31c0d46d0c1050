import { setTimeout as sleep } from 'node:timers/promises';
import type { CredentialedUrl } from './credentialed-url.js';
import type { LogplexBatch } from './logplex-batch.js';

/**
 * Delivers one batch the way Logplex does (spec 4.3): 2xx = delivered; 4xx other than 429 =
 * dropped for good; 429, 5xx, 3xx and network errors = retried with the same Frame-Id, at most
 * three attempts in all, after a short randomized backoff.
 */
export interface Delivery {
  outcome: 'delivered' | 'rejected' | 'failed';
  /** Last HTTP status, null after a network error. */
  status: number | null;
  attempts: number;
  /** The server's `message` (rejected) or the network error (failed). */
  detail: string;
}

export const MAX_ATTEMPTS = 3;

async function post(drain: CredentialedUrl, batch: LogplexBatch): Promise<{ status: number; detail: string }> {
  const res = await fetch(drain.url, {
    method: 'POST',
    headers: { ...batch.headers, authorization: drain.authorization },
    body: batch.body,
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  let detail = text;
  try {
    detail = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, detail };
}

function backoffMs(attempt: number): number {
  return (10 * (2 ** (1 + Math.floor(Math.random() * Math.min(attempt, 10))) - 1)) / 2;
}

export async function deliver(drain: CredentialedUrl, batch: LogplexBatch): Promise<Delivery> {
  let last: Delivery = { outcome: 'failed', status: null, attempts: 0, detail: '' };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) await sleep(backoffMs(attempt));
    try {
      const { status, detail } = await post(drain, batch);
      if (status >= 200 && status < 300) return { outcome: 'delivered', status, attempts: attempt, detail };
      if (status >= 400 && status < 500 && status !== 429) return { outcome: 'rejected', status, attempts: attempt, detail };
      last = { outcome: 'failed', status, attempts: attempt, detail };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      last = { outcome: 'failed', status: null, attempts: attempt, detail: cause };
    }
  }
  return last;
}
