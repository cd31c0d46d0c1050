import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import type { RunningServer, ServerOptions } from '../../src/server.js';

export interface TestServer extends RunningServer {
  config: Config;
  dataDir: string;
  /** Authorization header value for the provider API. */
  providerAuth: string;
}

/**
 * The real server on an ephemeral port with a fresh SQLite file, or the database named by
 * `databaseUrl` (the PostgreSQL suites pass theirs).
 */
export async function startTestServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vanity-test-'));
  const config = loadConfig({
    PORT: '0',
    VANITY_LOG_REQUESTS: 'false',
    // Retention would race tests' seeded data; its own tests turn it on.
    VANITY_RETENTION_INTERVAL_SECONDS: '0',
    DATABASE_URL: `sqlite:${join(dataDir, 'vanity.sqlite')}`,
    ...env,
  });
  const running = await startServer(config, options);
  config.baseUrl = running.url;
  return {
    ...running,
    config,
    dataDir,
    providerAuth: `Basic ${Buffer.from(`${config.addonId}:${config.addonPassword}`).toString('base64')}`,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
