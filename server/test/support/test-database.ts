import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, dumpPostgresTable } from './test-postgres.js';

export type TestStoreKind = 'sqlite' | 'postgres';

/** Which store this mocha run tests: `VANITY_TEST_STORE=postgres` (with TEST_DATABASE_URL) or SQLite. */
export function testStoreKind(): TestStoreKind {
  return process.env.VANITY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/** A throwaway database for one test server or store: a temp SQLite file or a fresh PostgreSQL schema. */
export interface TestDatabase {
  kind: TestStoreKind;
  /** DATABASE_URL for the server or openStore. */
  url: string;
  /** A temp directory that lives as long as the database. */
  dataDir: string;
  /** Every row of a table, read straight from the database (not through the store). */
  dump(table: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind = testStoreKind()): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vanity-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    const file = join(dataDir, 'vanity.sqlite');
    return {
      kind,
      url: `sqlite:${file}`,
      dataDir,
      async dump(table) {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
        } finally {
          db.close();
        }
      },
      async drop() {
        removeDir();
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('VANITY_TEST_STORE=postgres needs TEST_DATABASE_URL (npm test in server/ sets both)');
  const schema = await createTestSchema(base);
  return {
    kind,
    url: schema.url,
    dataDir,
    dump: (table) => dumpPostgresTable(base, schema.schema, table),
    async drop() {
      await schema.drop();
      removeDir();
    },
  };
}
