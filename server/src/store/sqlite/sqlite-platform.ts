import type Database from 'better-sqlite3';
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
import type { KeySet, Milestone, MilestonePatch, NewPlatformLinks, PlatformPatch, PlatformStore, Release } from '../platform-store.js';

/** The platform writes, synchronous on one connection (the writer thread runs them). */
export interface PlatformWrites {
  initPlatform(resourceSeq: number, links: NewPlatformLinks): void;
  updatePlatform(resourceSeq: number, patch: PlatformPatch): void;
  recordMilestone(milestone: Milestone): boolean;
  claimMilestones(now: number, staleBefore: number): Milestone[];
  updateMilestone(resourceSeq: number, value: number, patch: MilestonePatch): void;
  recordRelease(resourceSeq: number, release: Release, receivedAt: number): 'recorded' | 'duplicate';
  beginRotation(resourceId: string, next: KeySet, previousExpireAt: number): boolean;
  rollbackRotation(resourceId: string): void;
  forgetExpiredKeys(now: number): void;
}

export const PLATFORM_WRITE_NAMES: ReadonlyArray<keyof PlatformWrites> = [
  'initPlatform',
  'updatePlatform',
  'recordMilestone',
  'claimMilestones',
  'updateMilestone',
  'recordRelease',
  'beginRotation',
  'rollbackRotation',
  'forgetExpiredKeys',
];

function runPatch(db: Database.Database, table: string, where: string, pairs: Array<[string, unknown]>, keys: unknown[]): void {
  if (pairs.length === 0) return;
  const set = pairs.map(([column]) => `${column} = ?`).join(', ');
  db.prepare(`UPDATE ${table} SET ${set} WHERE ${where}`).run(...pairs.map(([, value]) => value), ...keys);
}

export function preparePlatformWrites(db: Database.Database): PlatformWrites {
  const insertPlatform = db.prepare(`
    INSERT INTO platform (resource, callback_url, log_input_url, grant_code, grant_expires_at, token_state, token_reason, updated_at)
    VALUES (@resourceSeq, @callbackUrl, @logInputUrl, @grantCode, @grantExpiresAt, @tokenState, @tokenReason, @updatedAt)
    ON CONFLICT (resource) DO NOTHING`);
  const insertMilestone = db.prepare(`
    INSERT INTO milestones (resource, value, reached_at, recorded_at, delivery, delivery_reason, attempts, next_attempt_at)
    VALUES (@resourceSeq, @value, @reachedAt, @recordedAt, @delivery, @deliveryReason, @attempts, @nextAttemptAt)
    ON CONFLICT DO NOTHING`);
  const claim = db.prepare<[{ now: number; stale: number }], MilestoneRow>(`
    UPDATE milestones SET delivery = 'sending', claimed_at = @now
    WHERE (delivery = 'pending' AND next_attempt_at <= @now) OR (delivery = 'sending' AND claimed_at < @stale)
    RETURNING *`);
  const insertEvent = db.prepare<[number, string, number]>(
    `INSERT INTO webhook_events (resource, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const upsertRelease = db.prepare(`
    INSERT INTO releases (resource, version, event_id, description, status, released_at)
    VALUES (@resourceSeq, @version, @eventId, @description, @status, @releasedAt)
    ON CONFLICT (resource, version) DO UPDATE
    SET event_id = excluded.event_id, description = excluded.description, status = excluded.status, released_at = excluded.released_at`);
  const rotate = db.prepare(`
    UPDATE resources SET previous_key_salt = key_salt, previous_api_key_hash = api_key_hash,
      previous_drain_key_hash = drain_key_hash, previous_keys_expire_at = @expireAt,
      key_salt = @keySalt, api_key_hash = @apiKeyHash, drain_key_hash = @drainKeyHash
    WHERE id = @id AND deleted_at IS NULL`);
  const rollback = db.prepare<[string]>(`
    UPDATE resources SET key_salt = previous_key_salt, api_key_hash = previous_api_key_hash,
      drain_key_hash = previous_drain_key_hash, previous_key_salt = NULL, previous_api_key_hash = NULL,
      previous_drain_key_hash = NULL, previous_keys_expire_at = NULL
    WHERE id = ? AND deleted_at IS NULL AND previous_key_salt IS NOT NULL`);
  const forget = db.prepare<[number]>(`
    UPDATE resources SET previous_key_salt = NULL, previous_api_key_hash = NULL, previous_drain_key_hash = NULL,
      previous_keys_expire_at = NULL
    WHERE previous_keys_expire_at IS NOT NULL AND previous_keys_expire_at <= ?`);

  const record = db.transaction((resourceSeq: number, release: Release, receivedAt: number) => {
    if (insertEvent.run(resourceSeq, release.eventId, receivedAt).changes === 0) return 'duplicate' as const;
    upsertRelease.run({ resourceSeq, ...release });
    return 'recorded' as const;
  });

  return {
    initPlatform(resourceSeq, links) {
      insertPlatform.run({ resourceSeq, ...links });
    },
    updatePlatform(resourceSeq, patch) {
      runPatch(db, 'platform', 'resource = ?', patchColumns(patch, PLATFORM_COLUMNS), [resourceSeq]);
    },
    recordMilestone: (milestone) => insertMilestone.run(milestone).changes === 1,
    claimMilestones: (now, staleBefore) => claim.all({ now, stale: staleBefore }).map(milestoneFromRow),
    updateMilestone(resourceSeq, value, patch) {
      runPatch(db, 'milestones', 'resource = ? AND value = ?', patchColumns(patch, MILESTONE_COLUMNS), [resourceSeq, value]);
    },
    recordRelease: (resourceSeq, release, receivedAt) => record.immediate(resourceSeq, release, receivedAt),
    beginRotation: (resourceId, next, previousExpireAt) => rotate.run({ id: resourceId, ...next, expireAt: previousExpireAt }).changes === 1,
    rollbackRotation(resourceId) {
      rollback.run(resourceId);
    },
    forgetExpiredKeys(now) {
      forget.run(now);
    },
  };
}

/** The platform reads, on the main thread's connection. */
export function preparePlatformReads(db: Database.Database): Pick<PlatformStore, 'getPlatform' | 'listPlatform' | 'listMilestones' | 'listReleases'> {
  const selectOne = db.prepare<[number], PlatformRow>(`${SELECT_PLATFORM} AND p.resource = ?`);
  const selectAll = db.prepare<[], PlatformRow>(`${SELECT_PLATFORM} ORDER BY p.resource`);
  const selectMilestones = db.prepare<[number], MilestoneRow>(`SELECT * FROM milestones WHERE resource = ? ORDER BY value`);
  const selectReleases = db.prepare<[number, number, number], ReleaseRow>(
    `SELECT * FROM releases WHERE resource = ? AND released_at >= ? AND released_at < ? ORDER BY released_at, version`,
  );
  return {
    async getPlatform(resourceSeq) {
      const row = selectOne.get(resourceSeq);
      return row ? platformFromRow(row) : null;
    },
    async listPlatform() {
      return selectAll.all().map(platformFromRow);
    },
    async listMilestones(resourceSeq) {
      return selectMilestones.all(resourceSeq).map(milestoneFromRow);
    },
    async listReleases(resourceSeq, from, to) {
      return selectReleases.all(resourceSeq, from, to).map(releaseFromRow);
    },
  };
}
