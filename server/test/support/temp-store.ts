import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Resource, Store } from '../../src/store/store.js';

/** A real SQLite store in a temporary directory, for tests below the HTTP layer. */
export interface TempStore {
  store: Store;
  path: string;
  addResource(timezone?: string): Promise<Resource>;
  /** Closes the store and deletes its directory. */
  dispose(): Promise<void>;
}

export function openTempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'vanity-store-'));
  const path = join(dir, 'vanity.sqlite');
  const store = openSqliteStore(path);
  return {
    store,
    path,
    async addResource(timezone = 'UTC') {
      const id = randomUUID();
      const created = await store.createResource({
        id,
        name: 'test-app',
        plan: 'hobby',
        region: 'us',
        options: { timezone },
        logDrainToken: `d.${id}`,
        keySalt: randomUUID(),
        apiKeyHash: 'x',
        drainKeyHash: 'y',
        publicId: randomUUID(),
        badgeEnabled: false,
      });
      if (created.outcome === 'deleted') throw new Error('unexpected tombstone');
      return created.resource;
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
