import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createIngestor } from './aggregate/ingest.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { trackInFlight } from './http/in-flight.js';
import { scheduleRetention } from './retention/retention-schedule.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { platformDeps } from './platform/platform-deps.js';
import type { PlatformDeps } from './platform/platform-deps.js';
import { schedulePlatformJobs } from './jobs/platform-jobs.js';
import type { PlatformJobs } from './jobs/platform-jobs.js';

export interface RunningServer {
  server: Server;
  store: Store;
  port: number;
  url: string;
  /** Talking back to Heroku; `jobs.runNow()` runs a round (tests await it). */
  platform: PlatformDeps;
  jobs: PlatformJobs;
  /** Stops accepting, finishes in-flight requests, commits pending drain batches, closes the store. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The clock for queries and retention; tests pass a fixed one. */
  now?: () => Date;
  /** Where log lines go (stdout by default); tests collect them. */
  log?: (line: string) => void;
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
export async function startServer(config: Config, { now = () => new Date(), log = logLine }: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, { poolSize: config.dbPoolSize, sslMode: config.pgSslMode });
  const ingestor = createIngestor(store, { pathCap: config.pathCap });
  const platform = platformDeps({ config: config.platform, baseUrl: () => config.baseUrl, secret: config.secret, store, log, now });
  const jobs = schedulePlatformJobs(platform);
  const app = createApp({ config, store, now, ingestor, log, platform, jobs });
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
  return {
    server,
    store,
    port,
    url: `http://127.0.0.1:${port}`,
    platform,
    jobs,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Drain requests answer only after their commit, so this also waits for those commits.
      await inFlight.idle();
      server.closeIdleConnections();
      await ingestor.close();
      await retention?.stop();
      await jobs.stop();
      await closeWithin(server, closed, CLOSE_GRACE_MS);
      await store.close();
    },
  };
}
