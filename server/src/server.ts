import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { AppDeps } from './app.js';
import type { Config } from './config.js';
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

/** Opens the store and serves the app; `port: 0` picks a free port. */
export async function startServer(config: Config, deps: Pick<AppDeps, 'now'> = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl);
  const app = createApp({ config, store, ...deps });
  const server = app.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
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
      await store.close();
    },
  };
}
