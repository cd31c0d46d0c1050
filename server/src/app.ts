import type { RequestListener } from 'node:http';
import express from 'express';
import type { Ingestor } from './aggregate/ingest.js';
import { apiRoutes } from './api/api-routes.js';
import type { Express } from 'express';
import type { Config } from './config.js';
import { drainRoutes } from './drain/drain-routes.js';
import { leanDrain } from './drain/lean-drain.js';
import type { BodyBudget, BodyLimits } from './http/body-limits.js';
import { healthRoute } from './http/health-route.js';
import { jsonErrors, notFound } from './http/json.js';
import { requestLog } from './http/request-log.js';
import type { Logger } from './log/logger.js';
import { providerRoutes } from './provider/provider-routes.js';
import { dashboardPath } from './dashboard/dashboard-path.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { publicShareRoutes, shareAdminRoutes } from './share/share-routes.js';
import { ssoRoutes } from './sso/sso-routes.js';
import { adminRoutes } from './admin/admin-routes.js';
import { adminCookies } from './admin/admin-session.js';
import { countHttpAnswers } from './metrics/http-answers.js';
import { metricsRoute } from './metrics/metrics-route.js';
import type { SelfMetrics } from './metrics/self-metrics.js';
import type { Store } from './store/store.js';
import type { PlatformDeps } from './platform/platform-deps.js';
import type { PlatformJobs } from './jobs/platform-jobs.js';
import { webhookRoutes } from './releases/webhook-routes.js';

export interface AppDeps {
  config: Config;
  store: Store;
  /** The request log, error handlers and drain warnings write here. */
  log: Logger;
  /** The clock queries read "now" from; tests pass a fixed one. */
  now: () => Date;
  /** Counts drain batches; the server owns it so that it can flush it on shutdown. */
  ingestor: Ingestor;
  /** The server's own metrics (`/metrics`, the operator's records). */
  metrics: SelfMetrics;
  /** Writes this process's operator records now, so the console it serves is current. */
  flushOperatorRecords: () => Promise<void>;
  /** Talking back to Heroku: tokens, the Platform API client, and the job that runs the rounds. */
  platform: PlatformDeps;
  jobs: PlatformJobs;
  /** Request body bytes in memory, shared by every route's `limitBody`. */
  bodies: BodyBudget;
}

function bodyLimitsOf(config: Config, bodies: BodyBudget): BodyLimits {
  return { budget: bodies, drainTimeoutMs: config.drainBodyTimeoutMs, timeoutMs: config.bodyTimeoutMs };
}

export function createApp({ config, store, log, now, ingestor, metrics, flushOperatorRecords, platform, jobs, bodies }: AppDeps): Express {
  const app = express();
  app.locals.bodyLimits = bodyLimitsOf(config, bodies);
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  if (config.logRequests) app.use(requestLog(log));
  app.use(countHttpAnswers(metrics));

  app.get('/health', healthRoute(store, log));
  // SSO first: its legacy GET shares the provider path but not the provider's basic auth.
  app.use(ssoRoutes({ config, store, now, landingPath: dashboardPath, log }));
  app.use('/heroku/webhooks', webhookRoutes(platform));
  app.use('/heroku/resources', providerRoutes(config, store, { box: platform.box, jobs }));
  app.use('/api', apiRoutes(config, store, now));
  app.use('/logs', drainRoutes({ store, ingestor, log, metrics, now }));
  const { adminPassword } = config;
  if (adminPassword !== undefined) app.use('/admin', adminRoutes({ config: { ...config, adminPassword }, store, now, log, flushOperatorRecords }));
  if (adminPassword !== undefined || config.metricsToken !== undefined) {
    app.get('/metrics', adminCookies(config.secret), metricsRoute(metrics, { token: config.metricsToken, operatorConsole: adminPassword !== undefined, now }));
  }
  app.use(dashboardRoutes(config, store, now, log));
  app.use('/dashboard', shareAdminRoutes({ config, store, now, log }));
  app.use('/share', publicShareRoutes({ config, store, now, log }));

  app.use(notFound);
  app.use(jsonErrors(log));
  return app;
}

/** What the server listens with: Logplex's drain POSTs on the lean path, everything else the Express app. */
export function createRequestListener(deps: AppDeps): RequestListener {
  const { config, store, ingestor, log, metrics, bodies, now } = deps;
  return leanDrain({ store, ingestor, log, metrics, now, limits: bodyLimitsOf(config, bodies), logRequests: config.logRequests }, createApp(deps));
}
