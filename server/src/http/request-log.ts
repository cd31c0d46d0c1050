import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../log/logger.js';
import { headerValue } from './headers.js';

/** The secret of a shared link (`/share/<secret>`) is a credential: it is logged as `:secret`. */
export function loggedPath(originalUrl: string): string {
  return (originalUrl.split('?', 1)[0] ?? '').replace(/^\/share\/[^/]+/, '/share/:secret');
}

/**
 * Writes the request's logfmt line once its response is out. Only the path is logged: query
 * strings (SSO tokens) and headers (credentials) never are. `url` is the request's URL as it
 * arrived (Express's routers rewrite `req.url`).
 */
export function logRequest(log: Logger, req: IncomingMessage, res: ServerResponse, url: string): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info('request', {
      method: req.method,
      path: loggedPath(url),
      status: res.statusCode,
      duration_ms: ms.toFixed(1),
      bytes_in: req.headers['content-length'] ?? 0,
      request_id: headerValue(req.headers, 'x-request-id'),
    });
  });
}

/** One logfmt line per request (`logRequest`). */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    logRequest(log, req, res, req.originalUrl);
    next();
  };
}
