/**
 * `npm run review -- [--days N | --since YYYY-MM-DD --until YYYY-MM-DD] [--json]`: the operator's
 * figures for a period, from the database named by DATABASE_URL (the same as the console's).
 */
import { parseArgs } from 'node:util';
import { databaseConfig, platformConfig, staleDrainHours } from '../config.js';
import { openStore } from '../store/open-store.js';
import { fleetReport } from './fleet-report.js';
import { reviewPeriod, reviewText } from './review-report.js';

try {
  const { values } = parseArgs({
    options: { days: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const now = new Date();
  const period = reviewPeriod(values, now);
  const db = databaseConfig();
  const store = await openStore(db.databaseUrl, { poolSize: db.dbPoolSize, sslMode: db.pgSslMode });
  try {
    const report = await fleetReport(store, period, now, { staleDrainHours: staleDrainHours(), rotationOverlapSeconds: platformConfig().rotationOverlapSeconds });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reviewText(report));
  } finally {
    await store.close();
  }
} catch (err) {
  console.error(`review: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
