import { loadConfig } from './config.js';
import { createLogger } from './log/logger.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';

const log = createLogger();

try {
  const config = loadConfig();
  const running = await startServer(config);
  log.info('vanity listening', { port: running.port, store: running.store.kind, base_url: config.baseUrl });
  stopOnSignals(running, config.shutdownTimeoutSeconds);
} catch (error) {
  log.error('start failed', { error: error instanceof Error ? error : String(error) });
  process.exitCode = 1;
}

function stopOnSignals(server: RunningServer, limitSeconds: number): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info('shutting down', { signal });
      setTimeout(() => {
        log.error('shutdown did not finish in time; exiting', { limit_s: limitSeconds });
        process.exit(1);
      }, limitSeconds * 1000).unref();
      server.stop().then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log.error('shutdown failed', { error: error instanceof Error ? error : String(error) });
          process.exit(1);
        },
      );
    });
  }
}
