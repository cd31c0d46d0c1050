import type { RequestHandler } from 'express';
import { readAdminSession } from '../admin/admin-session.js';
import { HttpError } from '../http/json.js';
import { safeEqual } from '../secrets.js';
import type { SelfMetrics } from './self-metrics.js';

export interface MetricsAccess {
  /** `Authorization: Bearer <token>` (a Prometheus scraper). */
  token: string | undefined;
  /** An operator session works too (needs the admin cookie parser in front). */
  operatorConsole: boolean;
  now: () => Date;
}

/** `GET /metrics`: Prometheus exposition of this process's self-metrics. */
export function metricsRoute(metrics: SelfMetrics, access: MetricsAccess): RequestHandler {
  return async (req, res) => {
    const bearer = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const byToken = access.token !== undefined && bearer !== undefined && safeEqual(bearer, access.token);
    const bySession = access.operatorConsole && readAdminSession(req, access.now().getTime()) !== undefined;
    if (!byToken && !bySession) {
      throw new HttpError(401, 'metrics need VANITY_METRICS_TOKEN as a bearer token, or an operator session', { 'WWW-Authenticate': 'Bearer realm="vanity-metrics"' });
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
