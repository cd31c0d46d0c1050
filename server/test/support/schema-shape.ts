import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * What the schema-parity test compares: per table its columns (storage class and
 * nullability), primary key, unique keys and plain indexes, read from the database itself
 * (SQLite pragmas, PostgreSQL's catalogs) rather than from the migration text.
 */
export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** Unique keys other than the primary key, each as its column list. */
  unique: string[][];
  /** Indexes that are not keys. */
  indexes: string[][];
}

export interface ColumnShape {
  /** SQLite's storage class: booleans and timestamps are integers there, JSON is text. */
  storage: 'integer' | 'real' | 'text' | 'blob';
  nullable: boolean;
}

export type SchemaShape = Record<string, TableShape>;

function sqliteStorage(declared: string): ColumnShape['storage'] {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'text';
  if (/REAL|FLOA|DOUB/.test(type)) return 'real';
  return 'blob';
}

const POSTGRES_STORAGE: Record<string, ColumnShape['storage']> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  boolean: 'integer',
  'timestamp with time zone': 'integer',
  'timestamp without time zone': 'integer',
  text: 'text',
  'character varying': 'text',
  jsonb: 'text',
  json: 'text',
  uuid: 'text',
  real: 'real',
  'double precision': 'real',
  numeric: 'real',
  bytea: 'blob',
};

const sortKeys = (keys: string[][]) => keys.sort((a, b) => a.join(',').localeCompare(b.join(',')));

/** The shape of a SQLite database file. */
export function sqliteShape(file: string): SchemaShape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
    const shape: SchemaShape = {};
    for (const { name } of tables) {
      const info = db.pragma(`table_info(${name})`) as { name: string; type: string; notnull: number; pk: number }[];
      const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      const columns: Record<string, ColumnShape> = {};
      // A primary-key column is never null, whatever the pragma says of INTEGER PRIMARY KEY.
      for (const c of info) columns[c.name] = { storage: sqliteStorage(c.type), nullable: c.notnull === 0 && c.pk === 0 };
      const unique: string[][] = [];
      const indexes: string[][] = [];
      for (const index of db.pragma(`index_list(${name})`) as { name: string; unique: number; origin: string }[]) {
        if (index.origin === 'pk') continue;
        const cols = (db.pragma(`index_info(${index.name})`) as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
        (index.unique ? unique : indexes).push(cols);
      }
      shape[name] = { columns, primaryKey, unique: sortKeys(unique), indexes: sortKeys(indexes) };
    }
    return shape;
  } finally {
    db.close();
  }
}

/** The shape of one schema of a PostgreSQL database. */
export async function postgresShape(databaseUrl: string, schema: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
       ORDER BY c.table_name, c.ordinal_position`,
      [schema],
    );
    const keys = await client.query<{ table_name: string; is_primary: boolean; is_unique: boolean; columns: string[] }>(
      `SELECT t.relname AS table_name, ix.indisprimary AS is_primary, ix.indisunique AS is_unique,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = $1
       GROUP BY ix.indexrelid, t.relname, ix.indisprimary, ix.indisunique`,
      [schema],
    );
    const shape: SchemaShape = {};
    for (const c of columns.rows) {
      const table = (shape[c.table_name] ??= { columns: {}, primaryKey: [], unique: [], indexes: [] });
      const storage = POSTGRES_STORAGE[c.data_type];
      if (!storage) throw new Error(`schema-shape.ts: map PostgreSQL type ${c.data_type} (${c.table_name}.${c.column_name}) to a SQLite storage class in POSTGRES_STORAGE`);
      table.columns[c.column_name] = { storage, nullable: c.is_nullable === 'YES' };
    }
    for (const k of keys.rows) {
      const table = shape[k.table_name];
      if (!table) continue;
      if (k.is_primary) table.primaryKey = k.columns;
      else (k.is_unique ? table.unique : table.indexes).push(k.columns);
    }
    for (const table of Object.values(shape)) {
      sortKeys(table.unique);
      sortKeys(table.indexes);
    }
    return shape;
  } finally {
    await client.end();
  }
}

/** One difference between the two schemas, in words the documented list repeats exactly. */
export interface SchemaDifference {
  difference: string;
  /** What to change where, when the difference is not intended. */
  fix: string;
}

const SQLITE_MIGRATIONS = 'server/src/store/sqlite/migrations.ts';
const POSTGRES_MIGRATIONS = 'server/src/store/postgres/migrations.ts';
const migrationsOf = (store: 'sqlite' | 'postgres') => (store === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS);
const list = (cols: string[]) => `(${cols.join(', ')})`;

function keyDifferences(table: string, kind: 'unique key' | 'index', sqlite: string[][], postgres: string[][]): SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  const has = (keys: string[][], cols: string[]) => keys.some((k) => k.join(',') === cols.join(','));
  for (const [store, mine, theirs] of [['sqlite', sqlite, postgres], ['postgres', postgres, sqlite]] as const) {
    const other = store === 'sqlite' ? 'postgres' : 'sqlite';
    for (const cols of mine) {
      if (has(theirs, cols)) continue;
      differences.push({
        difference: `${kind} ${table}${list(cols)}: only in ${store}`,
        fix: `add ${kind === 'index' ? 'CREATE INDEX' : 'CREATE UNIQUE INDEX'} ON ${table} ${list(cols)} in a new migration at the end of ${migrationsOf(other)}`,
      });
    }
  }
  return differences;
}

/** Every difference between the SQLite and the PostgreSQL schema. */
export function schemaDifferences(sqlite: SchemaShape, postgres: SchemaShape): SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  const tables = [...new Set([...Object.keys(sqlite), ...Object.keys(postgres)])].sort();
  for (const table of tables) {
    const s = sqlite[table];
    const p = postgres[table];
    if (!s || !p) {
      const [only, missing] = s ? (['sqlite', 'postgres'] as const) : (['postgres', 'sqlite'] as const);
      differences.push({
        difference: `table ${table}: only in ${only}`,
        fix: `add CREATE TABLE ${table} (the same columns and keys as in ${migrationsOf(only)}) in a new migration at the end of ${migrationsOf(missing)}`,
      });
      continue;
    }
    const columns = [...new Set([...Object.keys(s.columns), ...Object.keys(p.columns)])].sort();
    for (const column of columns) {
      const sc = s.columns[column];
      const pc = p.columns[column];
      if (!sc || !pc) {
        const [only, missing] = sc ? (['sqlite', 'postgres'] as const) : (['postgres', 'sqlite'] as const);
        differences.push({
          difference: `column ${table}.${column}: only in ${only}`,
          fix: `add ALTER TABLE ${table} ADD COLUMN ${column} … in a new migration at the end of ${migrationsOf(missing)}`,
        });
        continue;
      }
      if (sc.storage !== pc.storage) {
        differences.push({
          difference: `column ${table}.${column}: ${sc.storage} in sqlite, ${pc.storage} in postgres`,
          fix: `give ${table}.${column} types that store the same values (SQLite INTEGER ↔ PostgreSQL integer/bigint/boolean/timestamptz, TEXT ↔ text/jsonb) in a new migration in ${SQLITE_MIGRATIONS} or ${POSTGRES_MIGRATIONS}`,
        });
      }
      if (sc.nullable !== pc.nullable) {
        const nullability = (c: ColumnShape) => (c.nullable ? 'nullable' : 'NOT NULL');
        differences.push({
          difference: `column ${table}.${column}: ${nullability(sc)} in sqlite, ${nullability(pc)} in postgres`,
          fix: `make ${table}.${column} NOT NULL in both or in neither (a new migration in ${sc.nullable ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS})`,
        });
      }
    }
    if (s.primaryKey.join(',') !== p.primaryKey.join(',')) {
      differences.push({
        difference: `primary key of ${table}: ${list(s.primaryKey)} in sqlite, ${list(p.primaryKey)} in postgres`,
        fix: `give ${table} the same PRIMARY KEY in ${SQLITE_MIGRATIONS} and ${POSTGRES_MIGRATIONS}`,
      });
    }
    differences.push(...keyDifferences(table, 'unique key', s.unique, p.unique), ...keyDifferences(table, 'index', s.indexes, p.indexes));
  }
  return differences;
}
