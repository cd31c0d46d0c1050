import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createMemoryDatabase } from '../../src/store/memory/memory-store.js';
import { createTestDatabase } from './test-database.js';

/** A database a store contract runs on, and how to open a store on it (twice: two processes). */
export interface ContractDatabase {
  kind: Store['kind'];
  open(): Promise<Store>;
  /** Every row of a table, named as SQLite names its columns. */
  dump(table: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** The database store this mocha run tests (SQLite or PostgreSQL). */
export async function testContractDatabase(): Promise<ContractDatabase> {
  const database = await createTestDatabase();
  return { kind: database.kind, open: () => openStore(database.url), dump: (table) => database.dump(table), drop: () => database.drop() };
}

/** The in-memory store, which keeps to the same contract. */
export async function memoryContractDatabase(): Promise<ContractDatabase> {
  const database = createMemoryDatabase();
  return { kind: 'memory', open: async () => database.openStore(), dump: async (table) => database.dump(table), drop: async () => undefined };
}
