import { openStore } from '../../src/store/open-store.js';
import type { Resource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';
import { newResource } from './new-resource.js';
import { createTestDatabase, testStoreKind } from './test-database.js';
import type { TestDatabase, TestStoreKind } from './test-database.js';

/** A real store of the kind under test on a throwaway database, for tests below the HTTP layer. */
export interface TempStore {
  store: Store;
  addResource(timezone?: string): Promise<Resource>;
  /** A second store on the same database: another process, as far as the database can tell. */
  openAnother(): Promise<Store>;
  /** The database itself, to look at tables directly. */
  database: TestDatabase;
  /** Closes the store (and the others opened) and deletes its directory. */
  dispose(): Promise<void>;
}

/** `kind` defaults to the store this mocha run tests; SQLite-only tests pass 'sqlite'. */
export async function openTempStore(kind: TestStoreKind = testStoreKind()): Promise<TempStore> {
  const database = await createTestDatabase(kind);
  const store = await openStore(database.url);
  const others: Store[] = [];
  return {
    store,
    database,
    async openAnother() {
      const other = await openStore(database.url);
      others.push(other);
      return other;
    },
    addResource: (timezone) => addTestResource(store, timezone),
    async dispose() {
      for (const other of others) await other.close();
      await store.close();
      await database.drop();
    },
  };
}

/** A hobby resource on any store (the in-memory one included), in `timezone`. */
export async function addTestResource(store: Pick<Store, 'createResource'>, timezone = 'UTC'): Promise<Resource> {
  const created = await store.createResource(newResource({ name: 'test-app', options: { timezone } }));
  if (created.outcome === 'deleted') throw new Error('unexpected tombstone');
  return created.resource;
}
