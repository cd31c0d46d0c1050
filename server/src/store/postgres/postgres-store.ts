import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { createLogger } from '../../log/logger.js';
import { LEVEL_CODES } from '../level-codes.js';
import { resourceFromColumns } from '../resource-columns.js';
import type { ResourceColumns } from '../resource-columns.js';
import { shareFromColumns } from '../share-columns.js';
import type { ShareColumns } from '../share-columns.js';
import type { CountRow, Totals } from '../../model/counts.js';
import type { CreateResult, DeleteResult, PlanChangeResult, Store } from '../store.js';
import { ALERT_MINUTE_DIMENSIONS } from '../../model/levels.js';
import type { Dimension } from '../../model/levels.js';
import type { NewResource, Resource } from '../../model/resource.js';
import { commitBatches } from './commit-batches.js';
import { ALERT_TABLES, postgresAlerts } from './postgres-alerts.js';
import { poolConfig } from './connection-options.js';
import type { PostgresOptions } from './connection-options.js';
import { migrate } from './migrate.js';
import { operatorRecords } from './operator-records.js';
import { PLATFORM_TABLES } from '../platform-columns.js';
import { postgresPlatform } from './postgres-platform.js';
import { inTransaction, LOCK_KEY_SQL } from './transaction.js';
import { TOMBSTONE_SET } from '../tombstone.js';

interface ResourceRow extends ResourceColumns {
  options: Resource['options'];
  badge_enabled: boolean;
  created_at: Date;
  deleted_at: Date | null;
}

function toResource(row: ResourceRow): Resource {
  return resourceFromColumns(row, { options: row.options, badgeEnabled: row.badge_enabled, createdAt: row.created_at });
}

async function createIn(client: PoolClient, r: NewResource): Promise<CreateResult> {
  const inserted = await client.query<ResourceRow>(
    `INSERT INTO resources (id, name, plan, region, options, log_drain_token, key_salt, api_key_hash,
                            drain_key_hash, public_id, badge_enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT DO NOTHING
     RETURNING *`,
    [r.id, r.name, r.plan, r.region, JSON.stringify(r.options), r.logDrainToken, r.keySalt, r.apiKeyHash, r.drainKeyHash, r.publicId, r.badgeEnabled],
  );
  const created = inserted.rows[0];
  if (created) {
    await client.query('INSERT INTO plan_events (resource, plan, region, at) VALUES ($1, $2, $3, $4)', [created.seq, created.plan, created.region, created.created_at]);
    return { outcome: 'created', resource: toResource(created) };
  }
  // Someone else created it; under READ COMMITTED this new statement sees their committed row.
  // No conflict target: a concurrent create of the same resource can collide on public_id
  // before id, and that must not be an error either.
  const { rows } = await client.query<ResourceRow>('SELECT * FROM resources WHERE id = $1', [r.id]);
  const existing = rows[0];
  if (!existing) throw new Error(`resource ${r.id} collides with another resource's public id`);
  return existing.deleted_at === null ? { outcome: 'exists', resource: toResource(existing) } : { outcome: 'deleted' };
}

async function deleteIn(client: PoolClient, id: string): Promise<DeleteResult> {
  const { rows } = await client.query<{ seq: number; deleted_at: Date | null }>(
    'SELECT seq, deleted_at FROM resources WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  if (!row || row.deleted_at !== null) return 'gone';
  // The resource row is locked first: commits hold it (KEY SHARE) before they touch counters.
  for (const table of ['totals', 'counts', 'frames', ...ALERT_TABLES, ...PLATFORM_TABLES]) {
    await client.query(`DELETE FROM ${table} WHERE resource = $1`, [row.seq]);
  }
  await client.query('DELETE FROM shares WHERE resource_id = $1', [id]);
  await client.query(
    `UPDATE resources SET deleted_at = now(), ${TOMBSTONE_SET} WHERE seq = $1`,
    [row.seq],
  );
  return 'deleted';
}

/**
 * Counter shards: consecutive stores get different ones, so up to this many processes never
 * share counter rows. More processes still count correctly, some pairs sharing a shard.
 */
export const SHARDS = 16;

async function takeShard(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ shard: number }>(`SELECT (nextval('store_shards') % ${SHARDS})::integer AS shard`);
  return rows[0]?.shard ?? 0;
}

/** Moves a resource's counter rows older than `before` (hours, days) and its totals into shard 0. */
async function foldShards(client: PoolClient, resource: number, before: number): Promise<void> {
  await client.query(
    `WITH moved AS (
       DELETE FROM counts WHERE resource = $1 AND shard <> 0 AND level IN ($2, $3) AND bucket < $4
       RETURNING level, bucket, dim, key, n)
     INSERT INTO counts AS c (resource, level, bucket, dim, key, shard, n)
     SELECT $1, level, bucket, dim, key, 0, sum(n) FROM moved GROUP BY level, bucket, dim, key
     ON CONFLICT (resource, level, bucket, dim, key, shard) DO UPDATE SET n = c.n + excluded.n`,
    [resource, LEVEL_CODES.hour, LEVEL_CODES.day, before],
  );
  await client.query(
    `WITH moved AS (DELETE FROM totals WHERE resource = $1 AND shard <> 0 RETURNING requests, lost_lines, parse_errors)
     INSERT INTO totals AS t (resource, shard, requests, lost_lines, parse_errors)
     SELECT $1, 0, sum(requests), sum(lost_lines), sum(parse_errors) FROM moved HAVING count(*) > 0
     ON CONFLICT (resource, shard) DO UPDATE
     SET requests = t.requests + excluded.requests, lost_lines = t.lost_lines + excluded.lost_lines,
         parse_errors = t.parse_errors + excluded.parse_errors`,
    [resource],
  );
}

/**
 * PostgreSQL store: several processes may share one database. Opening it runs pending
 * migrations (under an advisory lock).
 */
export async function openPostgresStore(databaseUrl: string, options: PostgresOptions = {}): Promise<Store> {
  const pool: Pool = new pg.Pool(poolConfig(databaseUrl, options));
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  const log = options.log ?? createLogger();
  pool.on('error', (err) => log.error('postgres idle connection failed', { error: err.message }));
  let shard: number;
  try {
    await migrate(pool);
    shard = await takeShard(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }

  const one = async <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => (await pool.query<R>(sql, params)).rows[0];
  const liveById = (id: string) => one<ResourceRow>('SELECT * FROM resources WHERE id = $1 AND deleted_at IS NULL', [id]);

  return {
    kind: 'postgres',
    ...postgresPlatform(pool),
    ...postgresAlerts(pool),
    createResource: (resource) => inTransaction(pool, (client) => createIn(client, resource)),
    async getResource(id) {
      const row = await liveById(id);
      return row ? toResource(row) : null;
    },
    async getResourceByPublicId(publicId) {
      const row = await one<ResourceRow>('SELECT * FROM resources WHERE public_id = $1 AND deleted_at IS NULL', [publicId]);
      return row ? toResource(row) : null;
    },
    async changePlan(id, plan): Promise<PlanChangeResult> {
      const changed = await inTransaction(pool, async (client) => {
        const updated = await client.query<{ seq: number; region: string }>(
          'UPDATE resources SET plan = $2 WHERE id = $1 AND deleted_at IS NULL AND plan IS DISTINCT FROM $2 RETURNING seq, region',
          [id, plan],
        );
        const row = updated.rows[0];
        if (row) await client.query('INSERT INTO plan_events (resource, plan, region) VALUES ($1, $2, $3)', [row.seq, plan, row.region]);
        return row !== undefined;
      });
      if (changed) return 'changed';
      return (await liveById(id)) ? 'unchanged' : 'not_found';
    },
    async setBadgeEnabled(id, enabled) {
      await pool.query('UPDATE resources SET badge_enabled = $2 WHERE id = $1 AND deleted_at IS NULL', [id, enabled]);
    },
    deleteResource: (id) => inTransaction(pool, (client) => deleteIn(client, id)),
    async listResources() {
      return (await pool.query<ResourceRow>('SELECT * FROM resources WHERE deleted_at IS NULL ORDER BY seq')).rows.map(toResource);
    },
    commitBatches: (batches) => commitBatches(pool, shard, batches),
    async readCounts(query): Promise<CountRow[]> {
      if (query.dims.length === 0) return [];
      const { rows } = await pool.query<{ bucket: number; dim: Dimension; key: string; n: number }>(
        `SELECT bucket, dim, key, sum(n)::bigint AS n FROM counts
         WHERE resource = $1 AND level = $2 AND bucket >= $3 AND bucket < $4 AND dim = ANY($5::text[])
         GROUP BY bucket, dim, key
         ORDER BY bucket`,
        [query.resourceSeq, LEVEL_CODES[query.level], query.from, query.to, query.dims],
      );
      return rows;
    },
    async createShare(share) {
      await pool.query(
        `INSERT INTO shares (id, resource_id, token_hash, show_paths, password_hash, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [share.id, share.resourceId, share.tokenHash, share.showPaths, share.passwordHash, share.expiresAt, share.createdAt],
      );
    },
    async listShares(resourceId) {
      const { rows } = await pool.query<ShareColumns>('SELECT * FROM shares WHERE resource_id = $1 ORDER BY created_at DESC, id', [resourceId]);
      return rows.map(shareFromColumns);
    },
    async getShareByTokenHash(tokenHash) {
      const row = await one<ShareColumns>('SELECT * FROM shares WHERE token_hash = $1', [tokenHash]);
      return row ? shareFromColumns(row) : null;
    },
    async revokeShare(resourceId, id) {
      return (await pool.query('DELETE FROM shares WHERE resource_id = $1 AND id = $2', [resourceId, id])).rowCount === 1;
    },
    async readTotals(resourceSeq): Promise<Totals> {
      const row = await one<{ requests: number; lost_lines: number; parse_errors: number }>(
        `SELECT coalesce(sum(requests), 0)::bigint AS requests, coalesce(sum(lost_lines), 0)::bigint AS lost_lines,
                coalesce(sum(parse_errors), 0)::bigint AS parse_errors
         FROM totals WHERE resource = $1`,
        [resourceSeq],
      );
      return { requests: row?.requests ?? 0, lostLines: row?.lost_lines ?? 0, parseErrors: row?.parse_errors ?? 0 };
    },
    async prune(resourceSeq, cutoffs) {
      await inTransaction(pool, async (client) => {
        // FOR UPDATE waits for the resource's commits in flight (they hold KEY SHARE) and holds
        // new ones off, so pruning and folding never interleave with a commit on the same rows.
        await client.query('SELECT 1 FROM resources WHERE seq = $1 FOR UPDATE', [resourceSeq]);
        await client.query(
          `UPDATE resources SET pruned_minute_before = greatest(pruned_minute_before, $2),
                                pruned_hour_before = greatest(pruned_hour_before, $3)
           WHERE seq = $1`,
          [resourceSeq, cutoffs.minute, cutoffs.hour],
        );
        await client.query('DELETE FROM counts WHERE resource = $1 AND level = $2 AND bucket < $3', [resourceSeq, LEVEL_CODES.minute, cutoffs.minute]);
        await client.query('DELETE FROM counts WHERE resource = $1 AND level = $2 AND bucket < $3', [resourceSeq, LEVEL_CODES.hour, cutoffs.hour]);
        if (cutoffs.alertMinute !== undefined) {
          await client.query('DELETE FROM counts WHERE resource = $1 AND level = $2 AND dim = ANY($3::text[]) AND bucket < $4', [
            resourceSeq,
            LEVEL_CODES.minute,
            ALERT_MINUTE_DIMENSIONS,
            cutoffs.alertMinute,
          ]);
        }
        await foldShards(client, resourceSeq, cutoffs.minute);
      });
    },
    async forgetFramesBefore(receivedBefore) {
      await pool.query('DELETE FROM frames WHERE received_at < $1', [receivedBefore]);
    },
    async claimJobRound(job, atSeconds, minGapSeconds) {
      const { rowCount } = await pool.query(
        `INSERT INTO job_runs (job, last_minute) VALUES ($1, $2)
         ON CONFLICT (job) DO UPDATE SET last_minute = excluded.last_minute WHERE job_runs.last_minute <= excluded.last_minute - $3
         RETURNING job`,
        [job, atSeconds, minGapSeconds],
      );
      return rowCount === 1;
    },
    ...operatorRecords(pool),
    async runExclusive(job, fn) {
      // The lock lives as long as this otherwise empty transaction, so a crashed holder frees it.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ won: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY_SQL}) AS won`, [job]);
        if (!rows[0]?.won) return false;
        await fn();
        return true;
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}
