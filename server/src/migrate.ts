/**
 * `node server/dist/migrate.js`: brings the database named by DATABASE_URL up to date and
 * exits (Heroku's release phase). Safe to run while web processes start: migrations take
 * an advisory lock.
 */
import { databaseConfig } from './config.js';
import { openStore } from './store/open-store.js';

const db = databaseConfig();
const store = await openStore(db.databaseUrl, { poolSize: db.dbPoolSize, sslMode: db.pgSslMode });
console.log(`at=info msg="database schema up to date" store=${store.kind}`);
await store.close();
