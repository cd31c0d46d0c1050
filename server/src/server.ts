import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server, ServerOptions as HttpServerOptions } from 'node:http';
import type { CommitHooks } from './aggregate/group-commit.js';
import { createIngestor } from './aggregate/ingest.js';
import { scheduleAlerts } from './alerts/alert-schedule.js';
import type { AlertSchedule } from './alerts/alert-schedule.js';
import type { AppLogWriter } from './alerts/channels/app-log.js';
import { smtpMailer } from './alerts/channels/email.js';
import type { Senders } from './alerts/deliver-alerts.js';
import { createRequestListener } from './app.js';
import type { Config } from './config.js';
import { createBodyBudget } from './http/body-limits.js';
import type { BodyBudget } from './http/body-limits.js';
import { answerClientErrorsAsJson } from './http/client-errors.js';
import { trackInFlight } from './http/in-flight.js';
import type { InFlightRequests } from './http/in-flight.js';
import { createLogger, stdoutSink } from './log/logger.js';
import type { LogSink } from './log/logger.js';
import { scheduleRetention } from './retention/retention-schedule.js';
import { openStore } from './store/open-store.js';
import { scheduleOpsFlush } from './metrics/ops-flush.js';
import { createSelfMetrics } from './metrics/self-metrics.js';
import type { SelfMetrics } from './metrics/self-metrics.js';
import type { Store } from './store/store.js';
import { appLogWriter } from './platform/log-input.js';
import { platformDeps } from './platform/platform-deps.js';
import type { PlatformDeps } from './platform/platform-deps.js';
import { schedulePlatformJobs } from './jobs/platform-jobs.js';
import type { PlatformJobs } from './jobs/platform-jobs.js';

export interface RunningServer {
  server: Server;
  store: Store;
  metrics: SelfMetrics;
  /** Writes the self-metrics gathered so far to the operator's records now (else every VANITY_METRICS_INTERVAL_SECONDS). */
  flushOperatorRecords(): Promise<void>;
  port: number;
  url: string;
  /** Talking back to Heroku; `jobs.runNow()` runs a round (tests await it). */
  platform: PlatformDeps;
  jobs: PlatformJobs;
  /** The requests being handled (tests await a count). */
  inFlight: InFlightRequests;
  /** Request body bytes held in memory now (tests await a level). */
  bodies: BodyBudget;
  /**
   * Stops accepting, cuts requests whose unauthenticated body is still arriving, finishes the
   * other in-flight requests, commits pending drain batches, closes the store.
   */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The clock for queries and retention; tests pass a fixed one. */
  now?: () => Date;
  /** Where log lines go (stdout by default); tests collect them. */
  log?: LogSink;
  /** Lets a test hold the drain's group commits and see batches queue. */
  commitHooks?: CommitHooks;
  /** The alerts' app-log channel (the app's log input, `platform/log-input.ts`); tests may pass a recorder. */
  appLog?: AppLogWriter;
  /** A cluster worker's number (`cluster/`): labels its self-metrics. */
  worker?: number;
}

const CLOSE_GRACE_MS = 2000;

/** Waits for the server to close; connections still open after the grace period are cut. */
async function closeWithin(server: Server, closed: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, ms);
  });
  await Promise.race([closed, grace]);
  clearTimeout(timer);
}

/**
 * Node's own limits: headers within VANITY_HEADERS_TIMEOUT_SECONDS (checked every second, not
 * every 30 s), and as a backstop the whole request within headers + the longest body deadline
 * (routes enforce their own, shorter, body deadlines).
 */
function serverTimeouts(config: Config): HttpServerOptions {
  const headersTimeout = config.headersTimeoutMs;
  return {
    headersTimeout,
    requestTimeout: headersTimeout + Math.max(config.drainBodyTimeoutMs, config.bodyTimeoutMs) + 1000,
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(headersTimeout / 2))),
  };
}

/** Where this process itself reaches the server: loopback unless it listens on one named host only. */
function localUrl(host: string | undefined, port: number): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Opens the store and serves the app; `port: 0` picks a free port. */
export function alertSenders(config: Config, appLog: AppLogWriter): Senders {
  return {
    secret: config.secret,
    policy: { allowLoopback: config.webhookAllowLoopback },
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.alertEmailFrom) : undefined,
    appLog,
  };
}

export async function startServer(config: Config, { now = () => new Date(), log: sink = stdoutSink, appLog, commitHooks, worker }: ServerOptions = {}): Promise<RunningServer> {
  const log = createLogger(sink);
  const store = await openStore(config.databaseUrl, { poolSize: config.dbPoolSize, sslMode: config.pgSslMode, log });
  const metrics = createSelfMetrics({ worker });
  const ingestor = createIngestor(store, { pathCap: config.pathCap, onCommit: metrics.commit, hooks: commitHooks, log });
  metrics.watchQueueDepth(ingestor.queued);
  const platform = platformDeps({
    config: config.platform,
    baseUrl: () => config.baseUrl,
    secret: config.secret,
    store,
    log,
    now,
    onDelivery: (delivered) => metrics.delivery('log_input', delivered),
  });
  const jobs = schedulePlatformJobs(platform);
  const opsFlush = scheduleOpsFlush(metrics, store, { intervalSeconds: config.metricsIntervalSeconds, now, log });
  const bodies = createBodyBudget(config.bodyMemoryBytes);
  const listener = createRequestListener({ config, store, now, ingestor, log, metrics, flushOperatorRecords: opsFlush.flush, platform, jobs, bodies });
  const server = createServer(serverTimeouts(config), listener);
  answerClientErrorsAsJson(server);
  // Expect: 100-continue is answered by the route's body limiter, once the body is welcome.
  server.on('checkContinue', (req, res) => server.emit('request', req, res));
  server.listen(config.port, config.host);
  const inFlight = trackInFlight(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const retention =
    config.retentionIntervalSeconds > 0
      ? scheduleRetention(store, { intervalSeconds: config.retentionIntervalSeconds, now, log })
      : undefined;
  const senders: Senders = {
    ...alertSenders(config, appLog ?? appLogWriter(platform)),
    onDelivery: (delivered) => metrics.delivery('alert', delivered),
  };
  const alerts: AlertSchedule | undefined = config.alertsEnabled
    ? scheduleAlerts(store, senders, { delaySeconds: config.alertDelaySeconds, now, log })
    : undefined;
  return {
    server,
    store,
    metrics,
    flushOperatorRecords: opsFlush.flush,
    port,
    url: localUrl(config.host, port),
    platform,
    jobs,
    inFlight,
    bodies,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Nothing was accepted from those, and anyone can open one: do not wait for them.
      inFlight.cutUnauthenticated();
      // Drain requests answer only after their commit, so this also waits for those commits.
      await inFlight.idle();
      server.closeIdleConnections();
      await ingestor.close();
      await retention?.stop();
      await jobs.stop();
      await opsFlush.stop();
      await alerts?.stop();
      senders.mailer?.close();
      await closeWithin(server, closed, CLOSE_GRACE_MS);
      await store.close();
    },
  };
}
