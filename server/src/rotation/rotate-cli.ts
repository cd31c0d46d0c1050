/**
 * `npm run rotate -- <resource uuid>`: the operator rotates one add-on's credentials, against the
 * database named by DATABASE_URL and the Platform API, with the same settings as the server
 * (VANITY_SECRET, VANITY_BASE_URL, VANITY_OAUTH_CLIENT_SECRET, VANITY_ROTATION_OVERLAP_SECONDS).
 * Prints the outcome; exits 1 with the reason when the rotation was refused or rolled back.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger, errorMessage } from '../log/logger.js';
import { isResourceId } from '../model/resource-id.js';
import { platformDeps } from '../platform/platform-deps.js';
import { openStore } from '../store/open-store.js';
import { rotateCredentials } from './rotate-credentials.js';
import type { RotationResult } from './rotate-credentials.js';

const USAGE = 'usage: npm run rotate -- <resource uuid>';

function outcomeText(result: RotationResult): string {
  switch (result.outcome) {
    case 'rotated':
      return `rotated: the app's VANITY_URL and log drain now hold new credentials (Heroku restarts the app onto them); the previous ones keep working until ${result.overlapUntil.toISOString()}`;
    case 'rolled_back':
      return `rolled back, the previous credentials are still the only ones: ${result.reason}`;
    case 'refused':
      return `refused, nothing changed: ${result.reason}`;
  }
}

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {}, strict: true });
  const [resourceId, ...extra] = positionals;
  if (resourceId === undefined || extra.length > 0) throw new Error(USAGE);
  if (!isResourceId(resourceId)) throw new Error(`expected the add-on's resource uuid (as in the operator console), got ${JSON.stringify(resourceId)}`);
  const config = loadConfig();
  // The outcome line says all there is to say; the server's log lines would only repeat it.
  const log = createLogger(() => undefined);
  const store = await openStore(config.databaseUrl, { poolSize: config.dbPoolSize, sslMode: config.pgSslMode, log });
  try {
    const deps = platformDeps({ config: config.platform, baseUrl: () => config.baseUrl, secret: config.secret, store, log, now: () => new Date() });
    const result = await rotateCredentials(deps, resourceId);
    const text = outcomeText(result);
    if (result.outcome === 'rotated') {
      process.stdout.write(`${text}\n`);
      return 0;
    }
    process.stderr.write(`rotate: ${text}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`rotate: ${errorMessage(err)}`);
  process.exitCode = 1;
}
