import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import type { RunningServer, ServerOptions } from '../../src/server.js';
import { collectLogLines } from './log-lines.js';
import type { LogLines } from './log-lines.js';
import { createTestDatabase } from './test-database.js';
import type { TestDatabase } from './test-database.js';

export interface TestServer extends RunningServer {
  config: Config;
  dataDir: string;
  /** The server's own throwaway database (SQLite file or PostgreSQL schema). */
  database: TestDatabase;
  /** Authorization header value for the provider API. */
  providerAuth: string;
  /** What the server logged, unless the test passed its own `log` sink. */
  logs: LogLines;
}

/**
 * The real server on an ephemeral port with a fresh database of the store under test
 * (`VANITY_TEST_STORE`: a temp SQLite file, or a fresh schema in TEST_DATABASE_URL).
 */
export async function startTestServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    VANITY_LOG_REQUESTS: 'false',
    // Retention would race tests' seeded data; its own tests turn it on.
    VANITY_RETENTION_INTERVAL_SECONDS: '0',
    // Alert tests run the evaluation themselves, at the minute they choose.
    VANITY_ALERTS: 'off',
    DATABASE_URL: database.url,
    // Nothing may reach Heroku: unless a test points these at its stand-in, they lead nowhere.
    HEROKU_ID_URL: 'http://127.0.0.1:9',
    HEROKU_API_URL: 'http://127.0.0.1:9',
    // Tests run rounds themselves (server.jobs.runNow()); a provision still kicks one.
    VANITY_PLATFORM_INTERVAL_SECONDS: '0',
    ...env,
  });
  const logs = collectLogLines();
  const running = await startServer(config, { log: logs.sink, ...options });
  config.baseUrl = running.url;
  return {
    ...running,
    config,
    dataDir: database.dataDir,
    database,
    logs,
    providerAuth: `Basic ${Buffer.from(`${config.addonId}:${config.addonPassword}`).toString('base64')}`,
    async stop() {
      await running.stop();
      await database.drop();
    },
  };
}
