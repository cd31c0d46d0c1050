import type { Config } from './config.js';
import { loadConfig } from './config.js';
import { createLogger, errorMessage, stderrSink } from './log/logger.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';

const log = createLogger();
const startLog = createLogger(stderrSink);

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    // One line that says what to set, not a stack trace.
    startLog.error(`cannot start: ${errorMessage(err)}`);
    process.exit(1);
  }
}

const config = configOrExit();
let running: RunningServer;
try {
  running = await startServer(config);
} catch (error) {
  startLog.error('start failed', { error: error instanceof Error ? error : String(error) });
  process.exit(1);
}
if (config.developmentSecrets.length > 0) {
  log.warn(`development values for ${config.developmentSecrets.join(' ')}: listening on loopback only; set them to serve other interfaces`);
}
log.info('vanity listening', { port: running.port, host: config.host ?? '*', store: running.store.kind, base_url: config.baseUrl });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const limit = config.shutdownTimeoutSeconds;
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting', { limit_s: limit });
      process.exit(1);
    }, limit * 1000).unref();
    running.stop().then(
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
