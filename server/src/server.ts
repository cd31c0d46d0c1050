import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createIngestor } from './aggregate/ingest.js';
import { scheduleAlerts } from './alerts/alert-schedule.js';
import type { AlertSchedule } from './alerts/alert-schedule.js';
import { noAppLog } from './alerts/channels/app-log.js';
import type { AppLogWriter } from './alerts/channels/app-log.js';
import { smtpMailer } from './alerts/channels/email.js';
import type { Senders } from './alerts/deliver-alerts.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { trackInFlight } from './http/in-flight.js';
import { scheduleRetention } from './retention/retention-schedule.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

export interface RunningServer {
  server: Server;
  store: Store;
  port: number;
  url: string;
  /** Stops accepting, finishes in-flight requests, commits pending drain batches, closes the store. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The clock for queries and retention; tests pass a fixed one. */
  now?: () => Date;
  /** Where log lines go (stdout by default); tests collect them. */
  log?: (line: string) => void;
  /** The alerts' app-log channel; tests pass a recorder. */
  appLog?: AppLogWriter;
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

const logLine = (line: string) => process.stdout.write(`${line}\n`);

/** Opens the store and serves the app; `port: 0` picks a free port. */
export function alertSenders(config: Config, appLog: AppLogWriter): Senders {
  return {
    secret: config.secret,
    policy: { allowLoopback: config.webhookAllowLoopback },
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.alertEmailFrom) : undefined,
    appLog,
  };
}

export async function startServer(config: Config, { now = () => new Date(), log = logLine, appLog = noAppLog }: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, { poolSize: config.dbPoolSize, sslMode: config.pgSslMode });
  const ingestor = createIngestor(store, { pathCap: config.pathCap });
  const app = createApp({ config, store, now, ingestor, log });
  const server = app.listen(config.port);
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
  const senders = alertSenders(config, appLog);
  const alerts: AlertSchedule | undefined = config.alertsEnabled
    ? scheduleAlerts(store, senders, { delaySeconds: config.alertDelaySeconds, now, log })
    : undefined;
  return {
    server,
    store,
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Drain requests answer only after their commit, so this also waits for those commits.
      await inFlight.idle();
      server.closeIdleConnections();
      await ingestor.close();
      await retention?.stop();
      await alerts?.stop();
      senders.mailer?.close();
      await closeWithin(server, closed, CLOSE_GRACE_MS);
      await store.close();
    },
  };
}
