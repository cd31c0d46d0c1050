import { loadConfig } from './config.js';
import { startServer } from './server.js';

const config = loadConfig();
const running = await startServer(config);
console.log(`at=info msg="vanity listening" port=${running.port} store=${running.store.kind} base_url=${config.baseUrl}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`at=info msg="shutting down" signal=${signal}`);
    const limit = config.shutdownTimeoutSeconds;
    setTimeout(() => {
      console.error(`at=error msg="shutdown did not finish within ${limit} s; exiting"`);
      process.exit(1);
    }, limit * 1000).unref();
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
