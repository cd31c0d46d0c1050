import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { markUnauthenticatedBody } from './in-flight.js';
import { HttpError, answerJson } from './json.js';

/**
 * Bytes of request bodies the process holds in memory at once, across every request. A body
 * reserves its declared length (its route's limit when it is chunked) before it is read and
 * gives it back when its response closes, so stalled uploads cannot pile up in memory.
 */
export interface BodyBudget {
  readonly capBytes: number;
  /** Takes `bytes`; false, taking nothing, when they do not fit. */
  reserve(bytes: number): boolean;
  release(bytes: number): void;
  inUse(): number;
  /** Emits 'change' with the bytes in use after every reserve and release (tests await a level). */
  readonly events: EventEmitter;
}

export function createBodyBudget(capBytes: number): BodyBudget {
  let used = 0;
  const events = new EventEmitter();
  return {
    capBytes,
    events,
    reserve(bytes) {
      if (used + bytes > capBytes) return false;
      used += bytes;
      events.emit('change', used);
      return true;
    },
    release(bytes) {
      used -= bytes;
      events.emit('change', used);
    },
    inUse: () => used,
  };
}

const CLOSE = { Connection: 'close' };

/**
 * Answers now, while the body parser still waits for the rest, and closes the connection once
 * the answer is out: Node destroys a `Connection: close` socket after its response.
 */
function refuseAndClose(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.socket?.destroy();
    return;
  }
  answerJson(res, status, { message }, CLOSE);
}

/** Content-Length; 0 without it and without chunked encoding (no body); undefined when chunked. */
function declaredLength(headers: Record<string, string | string[] | undefined>): number | undefined {
  const length = headers['content-length'];
  if (typeof length === 'string' && /^\d+$/.test(length)) return Number(length);
  return headers['transfer-encoding'] === undefined ? 0 : undefined;
}

/** What the app holds in `app.locals.bodyLimits`: the budget and the deadlines every `limitBody` applies. */
export interface BodyLimits {
  budget: BodyBudget;
  drainTimeoutMs: number;
  timeoutMs: number;
}

export interface BodyLimit {
  /** The route's largest body: the same as its parser's `limit`. */
  maxBytes: number;
  /** A drain POST (its own deadline, VANITY_DRAIN_BODY_TIMEOUT_SECONDS). */
  drain?: boolean;
  /** The route reads its body before anything authenticates the request (SSO form, webhook): shutdown cuts it. */
  unauthenticated?: boolean;
}

function bodyLimitsOf(locals: Record<string, unknown>): BodyLimits {
  const limits = locals.bodyLimits as BodyLimits | undefined;
  if (!limits) throw new Error('app.locals.bodyLimits is not set (createApp sets it)');
  return limits;
}

/**
 * Whether the body of `req` may be read now, before anything reads it: a declared
 * Content-Length over the limit is a 413 (a parser would read the whole body first); a body
 * that does not fit the process's budget is a 503 with Retry-After (Logplex retries it). The
 * caller answers a refusal (both close the connection). Otherwise (undefined) the body's bytes
 * are reserved until the response closes, a body not in within the route's deadline is
 * answered 408 JSON and the connection closed, and a client that sent `Expect: 100-continue`
 * is told to continue: only here, once its body is welcome.
 */
export function admitBody(req: IncomingMessage, res: ServerResponse, limits: BodyLimits, { maxBytes, drain = false, unauthenticated = false }: BodyLimit): HttpError | undefined {
  const declared = declaredLength(req.headers);
  if (declared !== undefined && declared > maxBytes) {
    return new HttpError(413, `request body: at most ${maxBytes} bytes, Content-Length says ${declared}`, CLOSE);
  }
  if (req.complete || declared === 0) return undefined;
  const { budget } = limits;
  const bytes = declared ?? maxBytes;
  if (!budget.reserve(bytes)) {
    return new HttpError(503, 'request body: the server is receiving too many bodies right now; retry in a moment', { ...CLOSE, 'Retry-After': '1' });
  }
  const timeoutMs = drain ? limits.drainTimeoutMs : limits.timeoutMs;
  const deadline = setTimeout(() => refuseAndClose(res, 408, `request body: not received within ${timeoutMs / 1000} s`), timeoutMs);
  req.once('end', () => clearTimeout(deadline));
  res.once('close', () => {
    clearTimeout(deadline);
    budget.release(bytes);
  });
  if (unauthenticated) markUnauthenticatedBody(res);
  if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
  return undefined;
}

/** Goes right before a route's body parser: `admitBody`, its refusals to the route's error handler. */
function limitBody(limit: BodyLimit): RequestHandler {
  return (req, res, next) => {
    const refusal = admitBody(req, res, bodyLimitsOf(req.app.locals), limit);
    if (refusal) next(refusal);
    else next();
  };
}

/** `limitBody`, then the route's body parser, as one handler. */
export function limitedBody(limit: BodyLimit, parser: RequestHandler): RequestHandler {
  const limiter = limitBody(limit);
  return (req, res, next) => {
    limiter(req, res, (err?: unknown) => (err === undefined ? parser(req, res, next) : next(err)));
  };
}
