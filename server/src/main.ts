import type { Config } from './config.js';
import { loadConfig } from './config.js';
import { startServer } from './server.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    // One line that says what to set, not a stack trace.
    console.error(`at=error msg=${JSON.stringify(`cannot start: ${err instanceof Error ? err.message : String(err)}`)}`);
    process.exit(1);
  }
}

const config = configOrExit();
const running = await startServer(config);
if (config.developmentSecrets.length > 0) {
  console.log(`at=warn msg="development values for ${config.developmentSecrets.join(' ')}: listening on loopback only; set them to serve other interfaces"`);
}
console.log(`at=info msg="vanity listening" port=${running.port} host=${config.host ?? '*'} store=${running.store.kind} base_url=${config.baseUrl}`);

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
