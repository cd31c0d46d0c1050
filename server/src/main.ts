import { startProcesses } from './cluster/start-processes.js';
import type { Config } from './config.js';
import { loadConfig } from './config.js';
import { createLogger, errorMessage, stderrSink } from './log/logger.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    // One line that says what to set, not a stack trace.
    createLogger(stderrSink).error(`cannot start: ${errorMessage(err)}`);
    process.exit(1);
  }
}

await startProcesses(configOrExit());
