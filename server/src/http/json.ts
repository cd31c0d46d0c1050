import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../log/logger.js';
import { QueryParamError } from '../query/query-param-error.js';

/** An error that becomes a `{ message }` JSON response with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** JSON with every non-ASCII character escaped as \uXXXX (older Heroku tooling chokes on raw UTF-8). */
export function asciiJson(body: unknown): string {
  return JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const MAX_SHOWN_LENGTH = 80;

/** A client's value quoted for an error message: JSON, cut short, so a message never echoes a whole body. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH - 1)}…` : text;
}

export function sendJson(res: Response, status: number, body: object): void {
  res.status(status).type('application/json').send(asciiJson(body));
}

/**
 * `sendJson` on Node's own response, for handlers that run before Express (the drain's lean
 * path) and answers made outside a route (a body's deadline): the same status, type and body.
 */
export function answerJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = asciiJson(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

export function statusAndMessage(err: unknown): { status: number; message: string } {
  if (err instanceof HttpError) return { status: err.status, message: err.message };
  // Express could not percent-decode a path parameter.
  if (err instanceof URIError) return { status: 400, message: 'path: not valid percent-encoding (% must be followed by two hex digits of UTF-8)' };
  if (err instanceof QueryParamError) return { status: 400, message: err.message };
  const parserError = err as BodyParserError;
  if (parserError.type === 'entity.parse.failed') return { status: 400, message: 'request body is not valid JSON' };
  if (parserError.type === 'entity.too.large') return { status: 413, message: 'request body is too large' };
  if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return { status: parserError.status, message: err instanceof Error ? err.message : 'bad request' };
  }
  return { status: 500, message: 'internal error' };
}

/** Logs an unexpected error (one line, stack as a field): never the request's headers or query. */
export function logUnexpected(log: Logger, err: unknown, req: IncomingMessage & { originalUrl?: string }): void {
  const error = err instanceof Error ? err : new Error(String(err));
  log.error('unexpected error', { method: req.method, path: (req.originalUrl ?? req.url ?? '').split('?', 1)[0], error });
}

/** The `{ message }` JSON for an error a handler threw (an HttpError, a parser's error, or a bug: 500, logged). */
export function answerError(log: Logger, err: unknown, req: IncomingMessage & { originalUrl?: string }, res: ServerResponse): void {
  // Already answered (a body refused while it was still arriving, whose parser then failed).
  if (res.headersSent) return;
  const { status, message } = statusAndMessage(err);
  if (status >= 500 && !(err instanceof HttpError)) logUnexpected(log, err, req);
  answerJson(res, status, { message }, err instanceof HttpError ? err.headers : {});
}

export function jsonErrors(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => answerError(log, err, req, res);
}
