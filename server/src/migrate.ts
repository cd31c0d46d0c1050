/**
 * `node server/dist/migrate.js`: brings the database named by DATABASE_URL up to date and
 * exits (Heroku's release phase: a non-zero exit stops the release). Safe to run while web
 * processes start: migrations take an advisory lock.
 */
import { databaseConfig } from './config.js';
import { createLogger, errorMessage } from './log/logger.js';
import { openStore } from './store/open-store.js';

const log = createLogger();
try {
  const db = databaseConfig();
  const store = await openStore(db.databaseUrl, { poolSize: db.dbPoolSize, sslMode: db.pgSslMode, log });
  log.info('database schema up to date', { store: store.kind });
  await store.close();
} catch (err) {
  log.error('migration failed', { error: errorMessage(err) });
  process.exitCode = 1;
}
