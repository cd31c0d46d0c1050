import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/open-store.js';
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { createTestDatabase } from '../support/test-database.js';
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
    const created = await stores[0]?.createResource({
      id,
      name: null,
      plan: 'test',
      region: 'us',
      options: { timezone: 'UTC' },
      logDrainToken: null,
      keySalt: 's',
      apiKeyHash: 'a',
      drainKeyHash: 'd',
      publicId: randomUUID(),
      badgeEnabled: false,
    });
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
});
