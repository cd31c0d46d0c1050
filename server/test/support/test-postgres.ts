import pg from 'pg';

/** Where the PostgreSQL suites run: a database URL and how to clean up, or why they cannot. */
export type TestPostgres = { url: string; cleanup(): Promise<void> } | { skipped: string };

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * `TEST_DATABASE_URL` when set (it must answer), else a throwaway database on the local
 * server at 127.0.0.1:5432 (user postgres), else the reason there is none.
 */
export async function findTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    await withClient(given, (c) => c.query('SELECT 1'));
    return { url: given, cleanup: async () => undefined };
  }
  const name = `vanity_test_${process.pid}_${Date.now()}`;
  try {
    await withClient(LOCAL_SERVER, (c) => c.query(`CREATE DATABASE ${name}`));
  } catch (err) {
    return { skipped: `TEST_DATABASE_URL is not set and ${LOCAL_SERVER} did not answer (${(err as Error).message})` };
  }
  const url = LOCAL_SERVER.replace(/\/postgres$/, `/${name}`);
  return { url, cleanup: () => withClient(LOCAL_SERVER, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/** A fresh schema in the test database; the URL's connections use it as their search_path. */
export async function createTestSchema(databaseUrl: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `t_${Math.random().toString(36).slice(2, 12)}`;
  await withClient(databaseUrl, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: () => withClient(databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

/** Runs SQL (no parameters; several statements allowed) on its own connection. */
export async function queryPostgres(databaseUrl: string, sql: string): Promise<void> {
  await withClient(databaseUrl, (c) => c.query(sql));
}

/** Every row of a table in a test schema. */
export function dumpPostgresTable(databaseUrl: string, schema: string, table: string): Promise<Record<string, unknown>[]> {
  return withClient(databaseUrl, async (c) => (await c.query(`SELECT * FROM ${schema}.${table}`)).rows as Record<string, unknown>[]);
}
