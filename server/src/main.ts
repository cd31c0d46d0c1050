import { loadConfig } from './config.js';
import { startServer } from './server.js';

/** Heroku sends SIGKILL 30 s after SIGTERM: give up a little before, whatever still hangs. */
const SHUTDOWN_LIMIT_MS = 25_000;

const config = loadConfig();
const running = await startServer(config);
console.log(`at=info msg="vanity listening" port=${running.port} store=${running.store.kind} base_url=${config.baseUrl}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`at=info msg="shutting down" signal=${signal}`);
    setTimeout(() => {
      console.error(`at=error msg="shutdown did not finish within ${SHUTDOWN_LIMIT_MS} ms; exiting"`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    running.stop().then(
      () => {
        console.log('at=info msg="stopped"');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
