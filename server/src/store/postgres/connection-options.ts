import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import type { PoolConfig } from 'pg';
import type { Logger } from '../../log/logger.js';

export interface PostgresOptions {
  /** Connections per process; default {@link DEFAULT_POOL_SIZE}. */
  poolSize?: number | undefined;
  /** `PGSSLMODE`: used when the URL has no `sslmode`. */
  sslMode?: string | undefined;
  /** Where a dropped idle connection is reported; stdout by default. */
  log?: Logger;
}

/** Small on purpose: Heroku's smallest Postgres plans allow 20 connections for all dynos together. */
export const DEFAULT_POOL_SIZE = 5;

const INT8_OID = 20;
const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '[::1]']);

/**
 * libpq's `sslmode` in node-postgres terms. `require` and `no-verify` encrypt without checking
 * the certificate (what Heroku Postgres needs); `verify-ca`/`verify-full` check it.
 */
export function sslForMode(mode: string): false | ConnectionOptions {
  switch (mode) {
    case 'disable':
      return false;
    case 'require':
    case 'no-verify':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      throw new Error(`sslmode must be disable, require, no-verify, verify-ca or verify-full, got ${JSON.stringify(mode)}`);
  }
}

/**
 * Pool settings for a `postgres://` URL. TLS mode: the URL's `sslmode`, else `PGSSLMODE`, else
 * `disable` for a local server and `no-verify` for any other host (Heroku Postgres requires TLS
 * with a certificate Node cannot verify).
 */
export function poolConfig(databaseUrl: string, options: PostgresOptions = {}): PoolConfig {
  const url = new URL(databaseUrl);
  const urlMode = url.searchParams.get('sslmode');
  url.searchParams.delete('sslmode');
  url.searchParams.delete('ssl');
  const mode = urlMode ?? options.sslMode ?? (LOCAL_HOSTS.has(url.hostname) ? 'disable' : 'no-verify');
  return {
    connectionString: url.toString(),
    ssl: sslForMode(mode),
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // bigint columns (counts, totals, buckets) stay far below 2^53: read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  };
}
