import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createIngestor } from './aggregate/ingest.js';
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

/** Where this process itself reaches the server: loopback unless it listens on one named host only. */
function localUrl(host: string | undefined, port: number): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const logLine = (line: string) => process.stdout.write(`${line}\n`);

/** Opens the store and serves the app; `port: 0` picks a free port. */
export async function startServer(config: Config, { now = () => new Date(), log = logLine }: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, { poolSize: config.dbPoolSize, sslMode: config.pgSslMode });
  const ingestor = createIngestor(store, { pathCap: config.pathCap });
  const app = createApp({ config, store, now, ingestor, log });
  const server = createServer(app);
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
  return {
    server,
    store,
    port,
    url: localUrl(config.host, port),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Drain requests answer only after their commit, so this also waits for those commits.
      await inFlight.idle();
      server.closeIdleConnections();
      await ingestor.close();
      await retention?.stop();
      await closeWithin(server, closed, CLOSE_GRACE_MS);
      await store.close();
    },
  };
}
