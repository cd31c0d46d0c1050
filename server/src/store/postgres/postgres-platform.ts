import type { Pool } from 'pg';
import {
  MILESTONE_COLUMNS,
  milestoneFromRow,
  PLATFORM_COLUMNS,
  patchColumns,
  platformFromRow,
  releaseFromRow,
  SELECT_PLATFORM,
} from '../platform-columns.js';
import type { MilestoneRow, PlatformRow, ReleaseRow } from '../platform-columns.js';
import type { PlatformStore } from '../platform-store.js';
import { inTransaction } from './transaction.js';

async function runPatch(pool: Pool, table: string, where: string, pairs: Array<[string, unknown]>, keys: unknown[]): Promise<void> {
  if (pairs.length === 0) return;
  const set = pairs.map(([column], i) => `${column} = $${i + 1}`).join(', ');
  const whereSql = where.replace(/\$(\d+)/g, (_m, n: string) => `$${pairs.length + Number(n)}`);
  await pool.query(`UPDATE ${table} SET ${set} WHERE ${whereSql}`, [...pairs.map(([, value]) => value), ...keys]);
}

/** The PostgreSQL side of the platform store; every rule that spans processes is a row lock or a unique key. */
export function postgresPlatform(pool: Pool): PlatformStore {
  return {
    async initPlatform(resourceSeq, l) {
      await pool.query(
        `INSERT INTO platform (resource, callback_url, log_input_url, grant_code, grant_expires_at, token_state, token_reason, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (resource) DO NOTHING`,
        [resourceSeq, l.callbackUrl, l.logInputUrl, l.grantCode, l.grantExpiresAt, l.tokenState, l.tokenReason, l.updatedAt],
      );
    },
    async getPlatform(resourceSeq) {
      const { rows } = await pool.query<PlatformRow>(`${SELECT_PLATFORM} AND p.resource = $1`, [resourceSeq]);
      return rows[0] ? platformFromRow(rows[0]) : null;
    },
    async listPlatform() {
      return (await pool.query<PlatformRow>(`${SELECT_PLATFORM} ORDER BY p.resource`)).rows.map(platformFromRow);
    },
    updatePlatform: (resourceSeq, patch) => runPatch(pool, 'platform', 'resource = $1', patchColumns(patch, PLATFORM_COLUMNS), [resourceSeq]),
    async recordMilestone(m) {
      const inserted = await pool.query(
        `INSERT INTO milestones (resource, value, reached_at, recorded_at, delivery, delivery_reason, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [m.resourceSeq, m.value, m.reachedAt, m.recordedAt, m.delivery, m.deliveryReason, m.attempts, m.nextAttemptAt],
      );
      return inserted.rowCount === 1;
    },
    async listMilestones(resourceSeq) {
      return (await pool.query<MilestoneRow>('SELECT * FROM milestones WHERE resource = $1 ORDER BY value', [resourceSeq])).rows.map(milestoneFromRow);
    },
    async claimMilestones(now, staleBefore) {
      // SKIP LOCKED: a concurrent claimer takes the other rows, never the same one.
      const { rows } = await pool.query<MilestoneRow>(
        `UPDATE milestones m SET delivery = 'sending', claimed_at = $1
         FROM (SELECT resource, value FROM milestones
               WHERE (delivery = 'pending' AND next_attempt_at <= $1) OR (delivery = 'sending' AND claimed_at < $2)
               FOR UPDATE SKIP LOCKED) due
         WHERE m.resource = due.resource AND m.value = due.value
         RETURNING m.*`,
        [now, staleBefore],
      );
      return rows.map(milestoneFromRow);
    },
    updateMilestone: (resourceSeq, value, patch) =>
      runPatch(pool, 'milestones', 'resource = $1 AND value = $2', patchColumns(patch, MILESTONE_COLUMNS), [resourceSeq, value]),
    recordRelease: (resourceSeq, r, receivedAt) =>
      inTransaction(pool, async (client) => {
        const event = await client.query(
          'INSERT INTO webhook_events (resource, event_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [resourceSeq, r.eventId, receivedAt],
        );
        if (event.rowCount === 0) return 'duplicate';
        await client.query(
          `INSERT INTO releases (resource, version, event_id, description, status, released_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (resource, version) DO UPDATE
           SET event_id = excluded.event_id, description = excluded.description, status = excluded.status, released_at = excluded.released_at`,
          [resourceSeq, r.version, r.eventId, r.description, r.status, r.releasedAt],
        );
        return 'recorded';
      }),
    async listReleases(resourceSeq, from, to) {
      const { rows } = await pool.query<ReleaseRow>(
        'SELECT * FROM releases WHERE resource = $1 AND released_at >= $2 AND released_at < $3 ORDER BY released_at, version',
        [resourceSeq, from, to],
      );
      return rows.map(releaseFromRow);
    },
    async beginRotation(resourceId, next, previousExpireAt) {
      const updated = await pool.query(
        `UPDATE resources SET previous_key_salt = key_salt, previous_api_key_hash = api_key_hash,
           previous_drain_key_hash = drain_key_hash, previous_keys_expire_at = $5,
           key_salt = $2, api_key_hash = $3, drain_key_hash = $4
         WHERE id = $1 AND deleted_at IS NULL`,
        [resourceId, next.keySalt, next.apiKeyHash, next.drainKeyHash, previousExpireAt],
      );
      return updated.rowCount === 1;
    },
    async rollbackRotation(resourceId) {
      await pool.query(
        `UPDATE resources SET key_salt = previous_key_salt, api_key_hash = previous_api_key_hash,
           drain_key_hash = previous_drain_key_hash, previous_key_salt = NULL, previous_api_key_hash = NULL,
           previous_drain_key_hash = NULL, previous_keys_expire_at = NULL
         WHERE id = $1 AND deleted_at IS NULL AND previous_key_salt IS NOT NULL`,
        [resourceId],
      );
    },
    async forgetExpiredKeys(now) {
      await pool.query(
        `UPDATE resources SET previous_key_salt = NULL, previous_api_key_hash = NULL, previous_drain_key_hash = NULL,
           previous_keys_expire_at = NULL
         WHERE previous_keys_expire_at IS NOT NULL AND previous_keys_expire_at <= $1`,
        [now],
      );
    },
  };
}
