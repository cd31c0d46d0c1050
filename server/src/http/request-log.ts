import type { RequestHandler } from 'express';
import type { Logger } from '../log/logger.js';

/**
 * One logfmt line per request. Only the path is logged: query strings (SSO tokens) and
 * headers (credentials) never are.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info('request', {
        method: req.method,
        path: req.originalUrl.split('?', 1)[0],
        status: res.statusCode,
        duration_ms: ms.toFixed(1),
        bytes_in: req.get('content-length') ?? 0,
        request_id: req.get('x-request-id'),
      });
    });
    next();
  };
}
