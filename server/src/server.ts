import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { scheduleRetention } from './retention/retention-schedule.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

export interface RunningServer {
  server: Server;
  store: Store;
  port: number;
  url: string;
  /** Stops accepting, finishes in-flight requests, closes the store. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The clock for queries and retention; tests pass a fixed one. */
  now?: () => Date;
}

const logLine = (line: string) => process.stdout.write(`${line}\n`);

/** Opens the store and serves the app; `port: 0` picks a free port. */
export async function startServer(config: Config, { now = () => new Date() }: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl);
  const app = createApp({ config, store, now });
  const server = app.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const retention =
    config.retentionIntervalSeconds > 0
      ? scheduleRetention(store, { intervalSeconds: config.retentionIntervalSeconds, now, log: logLine })
      : undefined;
  return {
    server,
    store,
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await retention?.stop();
      await store.close();
    },
  };
}
