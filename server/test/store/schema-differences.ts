/**
 * The differences between the SQLite and the PostgreSQL schema that are intended, each with
 * its reason. `schema-parity.test.ts` fails on any other difference, and on an entry here that
 * no longer matches one. A new table or column goes into both migration lists; only when the
 * two stores must differ does it get an entry here, worded exactly as the test reports it.
 */
export const SCHEMA_DIFFERENCES: ReadonlyArray<{ difference: string; why: string }> = [
  {
    difference: 'table schema_migrations: only in postgres',
    why: 'PostgreSQL records applied migrations in a table, written under an advisory lock by whichever process migrates; SQLite has one process and PRAGMA user_version.',
  },
  {
    difference: 'column counts.shard: only in postgres',
    why: 'Each PostgreSQL process adds into counter rows of its own shard, so concurrent commits from several processes never wait on one another; readers sum the shards. SQLite has one writer.',
  },
  {
    difference: 'primary key of counts: (resource, level, bucket, dim, key) in sqlite, (resource, level, bucket, dim, key, shard) in postgres',
    why: 'The shard is part of the counter row key on PostgreSQL (see counts.shard).',
  },
  {
    difference: 'column totals.shard: only in postgres',
    why: 'Totals are sharded per process like counts.',
  },
  {
    difference: 'primary key of totals: (resource) in sqlite, (resource, shard) in postgres',
    why: 'The shard is part of the totals row key on PostgreSQL (see totals.shard).',
  },
];
