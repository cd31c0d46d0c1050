import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import { postgresShape, schemaDifferences, sqliteShape } from '../support/schema-shape.js';
import type { SchemaShape } from '../support/schema-shape.js';
import { testStoreKind } from '../support/test-database.js';
import { createTestSchema } from '../support/test-postgres.js';
import { SCHEMA_DIFFERENCES } from './schema-differences.js';

const DIFFERENCES_FILE = 'server/test/store/schema-differences.ts';

async function migratedSqlite(): Promise<SchemaShape> {
  const dir = mkdtempSync(join(tmpdir(), 'vanity-parity-'));
  try {
    const file = join(dir, 'vanity.sqlite');
    await (await openStore(`sqlite:${file}`)).close();
    return sqliteShape(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function migratedPostgres(base: string): Promise<SchemaShape> {
  const schema = await createTestSchema(base);
  try {
    await (await openStore(schema.url)).close();
    return await postgresShape(base, schema.schema);
  } finally {
    await schema.drop();
  }
}

// It needs both databases, so it runs in the PostgreSQL pass of the suite (`npm run test:pg`).
if (testStoreKind() === 'postgres') {
  describe('store schema parity (SQLite and PostgreSQL)', () => {
    it('has the same tables, columns, nullability and keys on both stores, but for the documented differences', async () => {
      const base = process.env.TEST_DATABASE_URL;
      if (!base) throw new Error('the PostgreSQL pass needs TEST_DATABASE_URL');
      const [sqlite, postgres] = await Promise.all([migratedSqlite(), migratedPostgres(base)]);
      expect(Object.keys(sqlite)).to.include.members(['resources', 'counts', 'totals', 'frames']);

      const found = schemaDifferences(sqlite, postgres);
      const documented = new Set(SCHEMA_DIFFERENCES.map((d) => d.difference));
      const undocumented = found.filter((d) => !documented.has(d.difference));
      const stale = [...documented].filter((d) => !found.some((f) => f.difference === d));
      const problems = [
        ...undocumented.map(
          (d) => `${d.difference}\n    fix: ${d.fix};\n    or, if the stores must differ, add { difference: '${d.difference}', why: '…' } to SCHEMA_DIFFERENCES in ${DIFFERENCES_FILE}`,
        ),
        ...stale.map((d) => `${d}\n    fix: the schemas no longer differ so: remove this entry from SCHEMA_DIFFERENCES in ${DIFFERENCES_FILE}`),
      ];
      expect(problems, `\n${problems.join('\n')}\n`).to.deep.equal([]);
    });
  });
}
