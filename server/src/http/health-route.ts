import type { RequestHandler } from 'express';
import { errorMessage } from '../log/logger.js';
import type { Logger } from '../log/logger.js';
import type { HealthStore } from '../store/store.js';
import { sendJson } from './json.js';

/** A database that does not answer within this long counts as down. */
export const HEALTH_TIMEOUT_MS = 5000;

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** `GET /health`: 200 when the database answers, 503 (JSON, with the reason) when it does not. */
export function healthRoute(store: HealthStore, log: Logger): RequestHandler {
  return async (_req, res) => {
    try {
      await withTimeout(store.ping(), HEALTH_TIMEOUT_MS);
      sendJson(res, 200, { status: 'ok', store: store.kind });
    } catch (err) {
      // The reason may name internal hosts: it goes to the log, not to the public answer.
      log.error('health check failed', { store: store.kind, error: errorMessage(err) });
      sendJson(res, 503, { status: 'unavailable', store: store.kind, message: 'database check failed' });
    }
  };
}
