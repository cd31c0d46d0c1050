import { expect } from 'chai';
import { schemaDifferences } from '../support/schema-shape.js';
import type { SchemaShape, TableShape } from '../support/schema-shape.js';

const table = (overrides: Partial<TableShape> = {}): TableShape => ({
  columns: { id: { storage: 'integer', nullable: false }, name: { storage: 'text', nullable: true } },
  primaryKey: ['id'],
  unique: [],
  indexes: [],
  ...overrides,
});

describe('store schema parity: what it reports', () => {
  it('finds nothing between equal schemas', () => {
    expect(schemaDifferences({ t: table() }, { t: table() })).to.deep.equal([]);
  });

  it('names a table, column, type, nullability, key and index difference and what to add where', () => {
    const sqlite: SchemaShape = { t: table({ unique: [['name']] }), alerts: table() };
    const postgres: SchemaShape = {
      t: table({
        columns: { id: { storage: 'integer', nullable: false }, name: { storage: 'integer', nullable: false }, shard: { storage: 'integer', nullable: false } },
        primaryKey: ['id', 'shard'],
        indexes: [['name']],
      }),
    };
    const found = schemaDifferences(sqlite, postgres);
    expect(found.map((d) => d.difference)).to.deep.equal([
      'table alerts: only in sqlite',
      'column t.name: text in sqlite, integer in postgres',
      'column t.name: nullable in sqlite, NOT NULL in postgres',
      'column t.shard: only in postgres',
      'primary key of t: (id) in sqlite, (id, shard) in postgres',
      'unique key t(name): only in sqlite',
      'index t(name): only in postgres',
    ]);
    expect(found[0]?.fix).to.equal(
      'add CREATE TABLE alerts (the same columns and keys as in server/src/store/sqlite/migrations.ts) in a new migration at the end of server/src/store/postgres/migrations.ts',
    );
    expect(found[3]?.fix).to.equal('add ALTER TABLE t ADD COLUMN shard … in a new migration at the end of server/src/store/sqlite/migrations.ts');
    expect(found[6]?.fix).to.equal('add CREATE INDEX ON t (name) in a new migration at the end of server/src/store/sqlite/migrations.ts');
  });
});
