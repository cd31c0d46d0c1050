import type Database from 'better-sqlite3';
import type { PlanName } from '../../model/plans.js';
import { ALERT_MINUTE_DIMENSIONS } from '../../model/levels.js';
import { LEVEL_CODES } from '../level-codes.js';
import type { CreateResult, DeleteResult, PlanChangeResult, PruneCutoffs } from '../store.js';
import type { IngestBatch, IngestOutcome } from '../../model/counts.js';
import type { IngestDay, ProcessStats } from '../../model/operator.js';
import type { NewResource } from '../../model/resource.js';
import { PLATFORM_TABLES } from '../platform-columns.js';
import { PURGE_ALERTS_SQL, prepareAlertWrites } from './sqlite-alerts.js';
import type { AlertWrites } from './sqlite-alerts.js';
import { BatchRejectedError } from '../store.js';
import type { NewShare } from '../../model/share.js';
import { liveResource, SELECT_RESOURCE_BY_ID, toResource } from './sqlite-connection.js';
import { preparePlatformWrites } from './sqlite-platform.js';
import type { PlatformWrites } from './sqlite-platform.js';
import type { ResourceRow } from './sqlite-connection.js';
import { TOMBSTONE_SET } from '../tombstone.js';

/**
 * Every write of the SQLite store, as synchronous functions on one connection. The writer
 * thread (`sqlite-writer-thread.ts`) runs them on its own connection, so the fsync of a
 * durable commit never blocks the main thread's event loop.
 */
export interface SqliteWrites extends AlertWrites, PlatformWrites {
  createResource(resource: NewResource): CreateResult;
  changePlan(id: string, plan: PlanName): PlanChangeResult;
  setBadgeEnabled(id: string, enabled: boolean): void;
  deleteResource(id: string): DeleteResult;
  commitBatches(batches: readonly IngestBatch[]): IngestOutcome[];
  prune(resourceSeq: number, cutoffs: PruneCutoffs): void;
  forgetFramesBefore(receivedBefore: number): void;
  claimJobRound(job: string, atSeconds: number, minGapSeconds: number): boolean;
  addIngestDays(rows: readonly IngestDay[]): void;
  saveProcessStats(stats: ProcessStats): void;
  createShare(share: NewShare): void;
  revokeShare(resourceId: string, id: string): boolean;
}

export type WriteName = keyof SqliteWrites;

/**
 * SQLite result codes that mean "this content cannot be stored" (a NOT NULL or other
 * constraint other than a trigger's RAISE, a value too big, a datatype mismatch), and the TypeError or RangeError
 * better-sqlite3 throws for a value it cannot bind. Busy, I/O and full-disk errors may pass.
 */
const REFUSED_CONTENT = /^SQLITE_(CONSTRAINT(?!_TRIGGER)|TOOBIG|MISMATCH|RANGE)/;

function refusedContent(error: unknown): BatchRejectedError | null {
  if (error instanceof TypeError || error instanceof RangeError) return new BatchRejectedError(error.name, error.message);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !REFUSED_CONTENT.test(code)) return null;
  return new BatchRejectedError(code, (error as Error).message);
}

export function prepareWrites(db: Database.Database): SqliteWrites {
  const claimRound = db.prepare<[{ job: string; at: number; gap: number }], { job: string }>(
    `INSERT INTO job_runs (job, last_minute) VALUES (@job, @at)
     ON CONFLICT (job) DO UPDATE SET last_minute = excluded.last_minute WHERE job_runs.last_minute <= excluded.last_minute - @gap
     RETURNING job`,
  );
  const live = 'deleted_at IS NULL';
  const selectById = db.prepare<[string], ResourceRow>(SELECT_RESOURCE_BY_ID);
  const insertResource = db.prepare(`
    INSERT INTO resources (id, name, plan, region, options, log_drain_token, key_salt, api_key_hash,
                           drain_key_hash, public_id, badge_enabled, created_at)
    VALUES (@id, @name, @plan, @region, @options, @logDrainToken, @keySalt, @apiKeyHash,
            @drainKeyHash, @publicId, @badgeEnabled, @createdAt)
    ON CONFLICT (id) DO NOTHING`);
  const insertTotals = db.prepare<[number]>(`INSERT OR IGNORE INTO totals (resource) VALUES (?)`);
  const updatePlan = db.prepare<[string, string]>(`UPDATE resources SET plan = ? WHERE id = ? AND ${live}`);
  const updateBadge = db.prepare<[number, string]>(`UPDATE resources SET badge_enabled = ? WHERE id = ? AND ${live}`);
  const tombstone = db.prepare<[number, number]>(`
    UPDATE resources SET deleted_at = ?, ${TOMBSTONE_SET} WHERE seq = ?`);
  const purgePlatform = PLATFORM_TABLES.map((table) => db.prepare<[number]>(`DELETE FROM ${table} WHERE resource = ?`));
  const purgeCounts = db.prepare<[number]>(`DELETE FROM counts WHERE resource = ?`);
  const purgeTotals = db.prepare<[number]>(`DELETE FROM totals WHERE resource = ?`);
  const purgeFrames = db.prepare<[number]>(`DELETE FROM frames WHERE resource = ?`);
  const purgeAlerts = PURGE_ALERTS_SQL.map((sql) => db.prepare<[number]>(sql));
  const purgeShares = db.prepare<[string]>(`DELETE FROM shares WHERE resource_id = ?`);
  const insertShare = db.prepare(`
    INSERT INTO shares (id, resource_id, token_hash, show_paths, password_hash, expires_at, created_at)
    VALUES (@id, @resourceId, @tokenHash, @showPaths, @passwordHash, @expiresAt, @createdAt)`);
  const deleteShare = db.prepare<[string, string]>(`DELETE FROM shares WHERE resource_id = ? AND id = ?`);
  const insertFrame = db.prepare<[number, string, number]>(
    `INSERT INTO frames (resource, frame_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const upsertCount = db.prepare<[number, number, number, string, string, number]>(`
    INSERT INTO counts (resource, level, bucket, dim, key, n) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (resource, level, bucket, dim, key) DO UPDATE SET n = n + excluded.n`);
  const addTotals = db.prepare<[number, number, number, number]>(`
    UPDATE totals SET requests = requests + ?, lost_lines = lost_lines + ?, parse_errors = parse_errors + ?
    WHERE resource = ?`);
  const deleteOlder = db.prepare<[number, number, number]>(`DELETE FROM counts WHERE resource = ? AND level = ? AND bucket < ?`);
  const deleteAlertMinutes = db.prepare<[number, number, number]>(
    `DELETE FROM counts WHERE resource = ? AND level = ? AND dim IN (${ALERT_MINUTE_DIMENSIONS.map((d) => `'${d}'`).join(', ')}) AND bucket < ?`,
  );
  const recordPrune = db.prepare<[number, number, number]>(`
    UPDATE resources SET pruned_minute_before = max(pruned_minute_before, ?),
                         pruned_hour_before = max(pruned_hour_before, ?)
    WHERE seq = ?`);
  const deleteFrames = db.prepare<[number]>(`DELETE FROM frames WHERE received_at < ?`);
  const insertPlanEvent = db.prepare<[number, string, string, number]>(`INSERT INTO plan_events (resource, plan, region, at) VALUES (?, ?, ?, ?)`);
  const upsertIngestDay = db.prepare<IngestDay>(`
    INSERT INTO ingest_days (day, resource, batches, duplicates, refused, server_errors, lines, lost_lines, parse_errors, last_batch_at)
    VALUES (@day, @resourceSeq, @batches, @duplicates, @refused, @serverErrors, @lines, @lostLines, @parseErrors, @lastBatchAt)
    ON CONFLICT (day, resource) DO UPDATE SET
      batches = batches + excluded.batches, duplicates = duplicates + excluded.duplicates, refused = refused + excluded.refused,
      server_errors = server_errors + excluded.server_errors, lines = lines + excluded.lines,
      lost_lines = lost_lines + excluded.lost_lines, parse_errors = parse_errors + excluded.parse_errors,
      last_batch_at = max(last_batch_at, excluded.last_batch_at)`);
  const upsertProcessStats = db.prepare(`
    INSERT OR REPLACE INTO process_stats (process_id, started_at, seen_at, commit_p50_ms, commit_p99_ms, group_size_mean,
                                          queue_depth, event_loop_lag_p99_ms, drain_5xx)
    VALUES (@processId, @startedAt, @seenAt, @commitP50Ms, @commitP99Ms, @groupSizeMean, @queueDepth, @eventLoopLagP99Ms, @drain5xx)`);

  const create = db.transaction((resource: NewResource): CreateResult => {
    insertResource.run({
      ...resource,
      options: JSON.stringify(resource.options),
      badgeEnabled: resource.badgeEnabled ? 1 : 0,
      createdAt: Date.now(),
    });
    const row = selectById.get(resource.id) as ResourceRow;
    if (row.deleted_at !== null) return { outcome: 'deleted' };
    const created = insertTotals.run(row.seq).changes === 1;
    if (created) insertPlanEvent.run(row.seq, resource.plan, resource.region, row.created_at);
    return { outcome: created ? 'created' : 'exists', resource: toResource(row) };
  });

  const remove = db.transaction((id: string): DeleteResult => {
    const row = selectById.get(id);
    if (!row || row.deleted_at !== null) return 'gone';
    purgeCounts.run(row.seq);
    purgeTotals.run(row.seq);
    purgeFrames.run(row.seq);
    for (const purge of purgePlatform) purge.run(row.seq);
    for (const purge of purgeAlerts) purge.run(row.seq);
    purgeShares.run(id);
    tombstone.run(Date.now(), row.seq);
    return 'deleted';
  });

  const commit = db.transaction((batches: readonly IngestBatch[]): IngestOutcome[] => {
    const now = Math.floor(Date.now() / 1000);
    // Batches of one group mostly hit the same rows (same resource, same minute): sum them
    // first and upsert each row once.
    const rows = new Map<string, [number, number, number, string, string, number]>();
    const outcomes = batches.map((batch) => {
      if (batch.frameId !== null && insertFrame.run(batch.resourceSeq, batch.frameId, now).changes === 0) {
        return { duplicate: true };
      }
      const t = batch.totals;
      // No totals row: the resource was deprovisioned since the POST was authenticated.
      if (addTotals.run(t.requests, t.lostLines, t.parseErrors, batch.resourceSeq).changes === 0) return { duplicate: false };
      for (const d of batch.deltas) {
        const id = `${batch.resourceSeq}|${d.level}|${d.bucket}|${d.dim}|${d.key}`;
        const row = rows.get(id);
        if (row) row[5] += d.n;
        else rows.set(id, [batch.resourceSeq, LEVEL_CODES[d.level], d.bucket, d.dim, d.key, d.n]);
      }
      return { duplicate: false };
    });
    for (const row of rows.values()) upsertCount.run(...row);
    return outcomes;
  });

  const prune = db.transaction((seq: number, cutoffs: PruneCutoffs) => {
    deleteOlder.run(seq, LEVEL_CODES.minute, cutoffs.minute);
    deleteOlder.run(seq, LEVEL_CODES.hour, cutoffs.hour);
    if (cutoffs.alertMinute !== undefined) deleteAlertMinutes.run(seq, LEVEL_CODES.minute, cutoffs.alertMinute);
    recordPrune.run(cutoffs.minute, cutoffs.hour, seq);
  });

  const changePlan = db.transaction((id: string, plan: PlanName): PlanChangeResult => {
    const resource = liveResource(selectById.get(id));
    if (!resource) return 'not_found';
    if (resource.plan === plan) return 'unchanged';
    updatePlan.run(plan, id);
    insertPlanEvent.run(resource.seq, plan, resource.region, Date.now());
    return 'changed';
  });

  const addIngestDays = db.transaction((rows: readonly IngestDay[]) => {
    for (const row of rows) upsertIngestDay.run(row);
  });

  return {
    ...preparePlatformWrites(db),
    ...prepareAlertWrites(db),
    createResource: (resource) => create.immediate(resource),
    changePlan: (id, plan) => changePlan.immediate(id, plan),
    addIngestDays(rows) {
      addIngestDays.immediate(rows);
    },
    saveProcessStats(stats) {
      upsertProcessStats.run({ ...stats, startedAt: stats.startedAt.getTime(), seenAt: stats.seenAt.getTime() });
    },
    setBadgeEnabled(id, enabled) {
      updateBadge.run(enabled ? 1 : 0, id);
    },
    deleteResource: (id) => remove.immediate(id),
    commitBatches(batches) {
      try {
        return commit.immediate(batches);
      } catch (error) {
        throw refusedContent(error) ?? error;
      }
    },
    prune(resourceSeq, cutoffs) {
      prune.immediate(resourceSeq, cutoffs);
    },
    forgetFramesBefore(receivedBefore) {
      deleteFrames.run(receivedBefore);
    },
    claimJobRound: (job, at, gap) => claimRound.all({ job, at, gap }).length === 1,
    createShare(share) {
      insertShare.run({ ...share, showPaths: share.showPaths ? 1 : 0 });
    },
    revokeShare: (resourceId, id) => deleteShare.run(resourceId, id).changes === 1,
  };
}
