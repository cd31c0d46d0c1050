import type { Pool, PoolClient } from 'pg';

/** Runs fn inside BEGIN … COMMIT on one pooled connection; rolls back on any error. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    // A connection that could not even roll back is discarded rather than reused.
    client.release(broken);
  }
}

/**
 * Advisory-lock keys are per database; the schema is part of the key so that stores in
 * different schemas (one per test server) do not contend.
 */
export const LOCK_KEY_SQL = `hashtext(coalesce(current_schema(), '')), hashtext($1)`;
