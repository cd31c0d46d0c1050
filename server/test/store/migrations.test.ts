import { expect } from 'chai';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/open-store.js';
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { createTestDatabase } from '../support/test-database.js';
import { newResource } from '../support/new-resource.js';
import { queryPostgres } from '../support/test-postgres.js';
import type { TestDatabase } from '../support/test-database.js';

describe('store migrations', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('lets several processes open a fresh database at once, then reopen it', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => openStore(database.url)));
    const id = randomUUID();
    const created = await stores[0]?.createResource(newResource({ id, plan: 'test' }));
    expect(created?.outcome).to.equal('created');
    for (const store of stores) expect((await store.getResource(id))?.plan).to.equal('test');
    await Promise.all(stores.map((store) => store.close()));

    const reopened = await openStore(database.url);
    expect((await reopened.getResource(id))?.id).to.equal(id);
    await reopened.close();
    if (database.kind === 'postgres') {
      const versions = (await database.dump('schema_migrations')).map((row) => row.version);
      expect(versions).to.deep.equal(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    }
  });

  it("clears the plan and region of tombstones written before plan events held the region; the operator still finds both", async () => {
    const migrations = database.kind === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
    const upTo = migrations.findIndex((sql) => sql.includes('ALTER TABLE plan_events ADD COLUMN region'));
    expect(upTo).to.be.above(0);
    // Tombstone 7 changed plan before it went; tombstone 8 has no plan event at all.
    const at = (seconds: number) => (database.kind === 'postgres' ? `to_timestamp(${seconds})` : String(seconds * 1000));
    const rows = `
      INSERT INTO resources (seq, id, plan, region, created_at, deleted_at) VALUES
        (7, 'gone-7', 'pro', 'eu', ${at(1_700_000_000)}, ${at(1_700_000_900)}),
        (8, 'gone-8', 'hobby', 'us', ${at(1_700_000_000)}, ${at(1_700_000_900)});
      INSERT INTO plan_events (resource, plan, at) VALUES (7, 'hobby', ${at(1_700_000_000)}), (7, 'pro', ${at(1_700_000_500)});`;
    if (database.kind === 'postgres') {
      const versions = migrations.slice(0, upTo).map((_, i) => `(${i + 1})`).join(', ');
      await queryPostgres(
        database.url,
        `CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
         ${migrations.slice(0, upTo).join(';\n')}; INSERT INTO schema_migrations (version) VALUES ${versions}; ${rows}`,
      );
    } else {
      const old = new Database(database.url.slice('sqlite:'.length));
      for (const sql of migrations.slice(0, upTo)) old.exec(sql);
      old.pragma(`user_version = ${upTo}`);
      old.exec(rows);
      old.close();
    }

    const store = await openStore(database.url);
    try {
      const tombstones = (await database.dump('resources')).filter((r) => r.seq === 7 || r.seq === 8);
      expect(tombstones.map((r) => [r.plan, r.region])).to.deep.equal([
        [null, null],
        [null, null],
      ]);
      const lifetimes = (await store.listResourceLifetimes()).filter((r) => r.seq === 7 || r.seq === 8);
      expect(lifetimes.map((r) => [r.id, r.plan, r.region])).to.deep.equal([
        ['gone-7', 'pro', 'eu'],
        ['gone-8', 'hobby', 'us'],
      ]);
    } finally {
      await store.close();
    }
  });
});
