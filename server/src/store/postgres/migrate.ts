import type { Pool, PoolClient } from 'pg';
import { MIGRATIONS } from './migrations.js';
import { LOCK_KEY_SQL } from './transaction.js';

const MIGRATION_LOCK = 'vanity:migrations';

async function applyPending(client: PoolClient): Promise<number> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM schema_migrations');
  const applied = rows[0]?.version ?? 0;
  for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
    try {
      await client.query('BEGIN');
      await client.query(MIGRATIONS[version - 1] as string);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }
  return MIGRATIONS.length - applied;
}

/**
 * Brings the schema up to date. A session advisory lock makes processes that start at the
 * same moment (several dynos, the release phase) run the migrations one after the other:
 * the first applies them, the others then find nothing left to do.
 * Resolves to the number of migrations this call applied.
 */
export async function migrate(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${LOCK_KEY_SQL})`, [MIGRATION_LOCK]);
    try {
      return await applyPending(client);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY_SQL})`, [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
