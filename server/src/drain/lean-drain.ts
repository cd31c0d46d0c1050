import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { admitBody } from '../http/body-limits.js';
import type { BodyLimits } from '../http/body-limits.js';
import { answerError } from '../http/json.js';
import { logRequest } from '../http/request-log.js';
import { countHttpAnswer } from '../metrics/http-answers.js';
import { drainResourceFor } from './drain-auth.js';
import { acceptDrainBatch, DRAIN_BODY_LIMIT } from './drain-batch.js';
import type { DrainDeps } from './drain-batch.js';

/** The route pattern drain answers are counted under (as Express names it). */
export const DRAIN_ROUTE = '/logs/:id';
const drainRoute = (): string => DRAIN_ROUTE;
const PREFIX = '/logs/';
/** Ids whose percent-decoding is the identity and that Express's `/:id` matches as they are. */
const PLAIN_ID = /^[0-9A-Za-z-]+$/;
const DIGITS = /^\d+$/;

export interface LeanDrainDeps extends DrainDeps {
  limits: BodyLimits;
  /** VANITY_LOG_REQUESTS: one line per request, as Express's `requestLog` writes. */
  logRequests: boolean;
}

/**
 * The resource id of a request the lean path serves: `POST /logs/<id>` with a plain id and a
 * body of declared length, neither chunked nor compressed (what Logplex sends). Anything else
 * is undefined and goes to Express, whose drain route answers it the same way.
 */
export function leanDrainId(req: IncomingMessage): string | undefined {
  if (req.method !== 'POST') return undefined;
  const url = req.url ?? '';
  if (!url.startsWith(PREFIX)) return undefined;
  const query = url.indexOf('?', PREFIX.length);
  const id = url.slice(PREFIX.length, query < 0 ? url.length : query);
  const { headers } = req;
  if (!PLAIN_ID.test(id) || headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return undefined;
  return DIGITS.test(headers['content-length'] ?? '') ? id : undefined;
}

/**
 * The body, read into one buffer of its declared length; undefined when it did not arrive
 * whole (the client went away, or its deadline answered and closed the connection).
 */
function readBody(req: IncomingMessage, length: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const body = Buffer.allocUnsafe(length);
    let at = 0;
    req.on('data', (chunk: Buffer) => {
      at += chunk.copy(body, at);
    });
    req.once('end', () => resolve(at === length ? body : undefined));
    req.once('close', () => resolve(undefined));
    req.once('error', () => resolve(undefined));
  });
}

/** Authenticate, admit the body, read it, commit it, 204: the order of Express's drain route. */
async function serveDrain(deps: LeanDrainDeps, id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const resource = await drainResourceFor(deps.store, id, req.headers, deps.now);
  const refusal = admitBody(req, res, deps.limits, DRAIN_BODY_LIMIT);
  if (refusal) throw refusal;
  const body = await readBody(req, Number(req.headers['content-length']));
  if (body === undefined || res.headersSent) return;
  await acceptDrainBatch(deps, resource, body, req.headers);
  res.statusCode = 204;
  res.end();
}

/**
 * Serves Logplex's `POST /logs/:id` in front of Express, without Express's per-request work
 * (its router walking every mounted route, its request and response wrappers, the body
 * parser): the same authentication order, body limits, statuses, JSON errors, request log and
 * metrics, and 204 only after the group commit. Every other request goes to `app`. In-flight
 * tracking and Expect: 100-continue work on the server's 'request' event, as for Express.
 */
export function leanDrain(deps: LeanDrainDeps, app: RequestListener): RequestListener {
  return (req, res) => {
    const id = leanDrainId(req);
    if (id === undefined) {
      app(req, res);
      return;
    }
    if (deps.logRequests) logRequest(deps.log, req, res, req.url ?? '');
    countHttpAnswer(deps.metrics, res, drainRoute);
    serveDrain(deps, id, req, res).catch((err: unknown) => answerError(deps.log, err, req, res));
  };
}
