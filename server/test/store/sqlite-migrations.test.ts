import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

describe('SQLite migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vanity-migrations-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('drop minute rows of breakdown dimensions written before breakdowns became hourly, and keep the rest', async () => {
    const path = join(dir, 'vanity.sqlite');
    const old = new Database(path);
    old.exec(MIGRATIONS[0] as string);
    old.pragma('user_version = 1');
    const insert = old.prepare('INSERT INTO counts (resource, level, bucket, dim, key, n) VALUES (1, ?, 60, ?, ?, 3)');
    for (const level of [0, 1, 2]) {
      for (const [dim, key] of [['all', ''], ['error', ''], ['lost', ''], ['status', '200'], ['path', '/a'], ['service', '50']]) insert.run(level, dim, key);
    }
    old.close();

    const store = openSqliteStore(path);
    try {
      const at = async (level: 'minute' | 'hour') =>
        (await store.readCounts({ resourceSeq: 1, level, from: 0, to: 3600, dims: ['all', 'error', 'lost', 'status', 'path', 'service'] })).map((r) => r.dim).sort();
      expect(await at('minute')).to.deep.equal(['all', 'error', 'lost']);
      expect(await at('hour')).to.deep.equal(['all', 'error', 'lost', 'path', 'service', 'status']);
    } finally {
      await store.close();
    }
  });
});
