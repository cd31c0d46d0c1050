import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { SelfMetrics } from './self-metrics.js';

/** The route's pattern (`/logs/:id`), never the concrete path: ids would make the label set unbounded. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

/** Counts the response by route pattern and status once it is out (`route` is read then). */
export function countHttpAnswer(metrics: SelfMetrics, res: ServerResponse, route: () => string): void {
  res.on('finish', () => metrics.httpAnswer(route(), res.statusCode));
}

/** Counts every answer by route pattern and status. */
export function countHttpAnswers(metrics: SelfMetrics): RequestHandler {
  return (req, res, next) => {
    countHttpAnswer(metrics, res, () => routeOf(req));
    next();
  };
}
