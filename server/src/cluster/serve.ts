import type { Config } from '../config.js';
import { createLogger, stderrSink, stdoutSink, taggedSink } from '../log/logger.js';
import type { LogSink, Logger } from '../log/logger.js';
import { startServer } from '../server.js';
import type { RunningServer } from '../server.js';

/** One server process: alone (no cluster), or cluster worker `worker`, whose every line then says `worker=N`. */
export async function serve(config: Config, { worker }: { worker?: number } = {}): Promise<void> {
  const tag = (sink: LogSink): LogSink => (worker === undefined ? sink : taggedSink(sink, { worker }));
  const sink = tag(stdoutSink);
  const log = createLogger(sink);
  // Signals are handled from the first moment: a worker told to stop while it starts stops cleanly once started.
  const starting = startServer(config, { log: sink, worker });
  stopOnSignals(starting, config.shutdownTimeoutSeconds, log);
  let running: RunningServer;
  try {
    running = await starting;
  } catch (error) {
    createLogger(tag(stderrSink)).error('start failed', { error: error instanceof Error ? error : String(error) });
    process.exit(1);
  }
  if (config.developmentSecrets.length > 0) {
    log.warn(`development values for ${config.developmentSecrets.join(' ')}: listening on loopback only; set them to serve other interfaces`);
  }
  log.info('vanity listening', { port: running.port, host: config.host ?? '*', store: running.store.kind, base_url: config.baseUrl });
}

/**
 * SIGTERM (Heroku, and a cluster's primary) or SIGINT: finish what is in flight, then exit 0;
 * exit 1 after `limitSeconds` whatever still hangs. On a dyno every process gets the signal, a
 * worker possibly twice (from Heroku and from its primary): the second is ignored.
 */
function stopOnSignals(starting: Promise<RunningServer>, limitSeconds: number, log: Logger): void {
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
      starting.then((running) => running.stop()).then(
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
