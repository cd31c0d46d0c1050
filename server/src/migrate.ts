/**
 * `node server/dist/migrate.js`: brings the database named by DATABASE_URL up to date and
 * exits (Heroku's release phase: a non-zero exit stops the release). Safe to run while web
 * processes start: migrations take an advisory lock.
 */
import { databaseConfig } from './config.js';
import { openStore } from './store/open-store.js';

try {
  const db = databaseConfig();
  const store = await openStore(db.databaseUrl, { poolSize: db.dbPoolSize, sslMode: db.pgSslMode });
  console.log(`at=info msg="database schema up to date" store=${store.kind}`);
  await store.close();
} catch (err) {
  console.error(`at=error msg="migration failed" error=${JSON.stringify(err instanceof Error ? err.message : String(err))}`);
  process.exitCode = 1;
}
