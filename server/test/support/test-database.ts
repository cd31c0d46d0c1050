import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, dumpPostgresTable, queryPostgres } from './test-postgres.js';

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
  /** Makes every insert and update of the table fail with `message`; resolves to the undo. */
  failWrites(table: string, message: string): Promise<() => Promise<void>>;
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
      async failWrites(table, message) {
        const db = new Database(file);
        const raise = `BEGIN SELECT RAISE(ABORT, '${message}'); END`;
        db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON ${table} ${raise}; CREATE TRIGGER fail_update BEFORE UPDATE ON ${table} ${raise};`);
        return async () => {
          db.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update;');
          db.close();
        };
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
    async failWrites(table, message) {
      const s = schema.schema;
      await queryPostgres(
        base,
        `CREATE FUNCTION ${s}.fail_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$;
         CREATE TRIGGER fail_writes BEFORE INSERT OR UPDATE ON ${s}.${table} FOR EACH ROW EXECUTE FUNCTION ${s}.fail_writes();`,
      );
      return () => queryPostgres(base, `DROP TRIGGER fail_writes ON ${s}.${table}; DROP FUNCTION ${s}.fail_writes();`);
    },
    async drop() {
      await schema.drop();
      removeDir();
    },
  };
}
