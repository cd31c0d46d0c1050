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
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
