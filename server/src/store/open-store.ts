import { fileURLToPath } from 'node:url';
import type { PostgresOptions } from './postgres/connection-options.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export const DEFAULT_SQLITE_PATH = fileURLToPath(new URL('../../../data/vanity.sqlite', import.meta.url));

/** A DATABASE_URL that selects the PostgreSQL store (the only one several processes can share). */
export function isPostgresUrl(databaseUrl: string | undefined): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl ?? '');
}

/**
 * Picks the store from DATABASE_URL: unset → data/vanity.sqlite, `sqlite:<path>`,
 * `postgres://…` or `postgresql://…` (options apply to PostgreSQL only). Runs pending migrations.
 */
export async function openStore(databaseUrl: string | undefined, options: PostgresOptions = {}): Promise<Store> {
  if (!databaseUrl) return openSqliteStore(DEFAULT_SQLITE_PATH);
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new Error('DATABASE_URL=sqlite:<path> needs a path, e.g. sqlite:data/vanity.sqlite');
    return openSqliteStore(path);
  }
  if (isPostgresUrl(databaseUrl)) return openPostgresStore(databaseUrl, options);
  throw new Error(`DATABASE_URL must be sqlite:<path> or postgres://…, got a URL with scheme ${databaseUrl.split(':')[0]}`);
}
