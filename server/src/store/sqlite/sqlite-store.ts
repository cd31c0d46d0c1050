import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isPlanName } from '../../plans.js';
import type { PlanName } from '../../plans.js';
import { LEVEL_CODES } from '../levels.js';
import { MIGRATIONS } from './migrations.js';
import type {
  CountQuery,
  CountRow,
  CreateResult,
  DeleteResult,
  Dimension,
  IngestBatch,
  IngestOutcome,
  NewResource,
  PlanChangeResult,
  PruneCutoffs,
  Resource,
  Store,
  Totals,
} from '../store.js';

interface ResourceRow {
  seq: number;
  id: string;
  name: string | null;
  plan: string;
  region: string;
  options: string;
  log_drain_token: string | null;
  key_salt: string;
  api_key_hash: string;
  drain_key_hash: string;
  public_id: string;
  badge_enabled: number;
  created_at: number;
  deleted_at: number | null;
  pruned_minute_before: number;
  pruned_hour_before: number;
}

function toResource(row: ResourceRow): Resource {
  if (!isPlanName(row.plan)) throw new Error(`resource ${row.id} has unknown plan ${row.plan}`);
  return {
    id: row.id,
    seq: row.seq,
    name: row.name,
    plan: row.plan,
    region: row.region,
    options: JSON.parse(row.options) as Resource['options'],
    logDrainToken: row.log_drain_token,
    keySalt: row.key_salt,
    apiKeyHash: row.api_key_hash,
    drainKeyHash: row.drain_key_hash,
    publicId: row.public_id,
    badgeEnabled: row.badge_enabled === 1,
    createdAt: new Date(row.created_at),
    prunedBefore: { minute: row.pruned_minute_before, hour: row.pruned_hour_before },
  };
}

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let version = applied; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer 2xx, so even power loss keeps acknowledged counts.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const live = 'deleted_at IS NULL';
  const selectById = db.prepare<[string], ResourceRow>(`SELECT * FROM resources WHERE id = ?`);
  const selectByPublicId = db.prepare<[string], ResourceRow>(`SELECT * FROM resources WHERE public_id = ? AND ${live}`);
  const selectLive = db.prepare<[], ResourceRow>(`SELECT * FROM resources WHERE ${live} ORDER BY seq`);
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
    UPDATE resources SET deleted_at = ?, name = NULL, options = '{}', log_drain_token = NULL,
      key_salt = NULL, api_key_hash = NULL, drain_key_hash = NULL, public_id = NULL, badge_enabled = 0
    WHERE seq = ?`);
  const purgeCounts = db.prepare<[number]>(`DELETE FROM counts WHERE resource = ?`);
  const purgeTotals = db.prepare<[number]>(`DELETE FROM totals WHERE resource = ?`);
  const purgeFrames = db.prepare<[number]>(`DELETE FROM frames WHERE resource = ?`);
  const insertFrame = db.prepare<[number, string, number]>(
    `INSERT INTO frames (resource, frame_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const upsertCount = db.prepare<[number, number, number, string, string, number]>(`
    INSERT INTO counts (resource, level, bucket, dim, key, n) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (resource, level, bucket, dim, key) DO UPDATE SET n = n + excluded.n`);
  const addTotals = db.prepare<[number, number, number, number]>(`
    UPDATE totals SET requests = requests + ?, lost_lines = lost_lines + ?, parse_errors = parse_errors + ?
    WHERE resource = ?`);
  const selectTotals = db.prepare<[number], { requests: number; lost_lines: number; parse_errors: number }>(
    `SELECT requests, lost_lines, parse_errors FROM totals WHERE resource = ?`,
  );
  const selectPathKeys = db.prepare<[number, number, number], { key: string }>(
    `SELECT key FROM counts WHERE resource = ? AND level = ? AND bucket = ? AND dim = 'path'`,
  );
  const deleteOlder = db.prepare<[number, number, number]>(`DELETE FROM counts WHERE resource = ? AND level = ? AND bucket < ?`);
  const recordPrune = db.prepare<[number, number, number]>(`
    UPDATE resources SET pruned_minute_before = max(pruned_minute_before, ?),
                         pruned_hour_before = max(pruned_hour_before, ?)
    WHERE seq = ?`);
  const deleteFrames = db.prepare<[number]>(`DELETE FROM frames WHERE received_at < ?`);

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
    return { outcome: created ? 'created' : 'exists', resource: toResource(row) };
  });

  const remove = db.transaction((id: string): DeleteResult => {
    const row = selectById.get(id);
    if (!row || row.deleted_at !== null) return 'gone';
    purgeCounts.run(row.seq);
    purgeTotals.run(row.seq);
    purgeFrames.run(row.seq);
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
    recordPrune.run(cutoffs.minute, cutoffs.hour, seq);
  });

  const liveRow = (row: ResourceRow | undefined): Resource | null =>
    row && row.deleted_at === null ? toResource(row) : null;

  return {
    kind: 'sqlite',
    async createResource(resource) {
      return create.immediate(resource);
    },
    async getResource(id) {
      return liveRow(selectById.get(id));
    },
    async getResourceByPublicId(publicId) {
      return liveRow(selectByPublicId.get(publicId));
    },
    async changePlan(id, plan: PlanName): Promise<PlanChangeResult> {
      const row = liveRow(selectById.get(id));
      if (!row) return 'not_found';
      if (row.plan === plan) return 'unchanged';
      updatePlan.run(plan, id);
      return 'changed';
    },
    async setBadgeEnabled(id, enabled) {
      updateBadge.run(enabled ? 1 : 0, id);
    },
    async deleteResource(id) {
      return remove.immediate(id);
    },
    async listResources() {
      return selectLive.all().map(toResource);
    },
    async commitBatches(batches) {
      return commit.immediate(batches);
    },
    async pathKeysForDay(resourceSeq, dayBucket) {
      return selectPathKeys.all(resourceSeq, LEVEL_CODES.day, dayBucket).map((r) => r.key);
    },
    async readCounts(query: CountQuery): Promise<CountRow[]> {
      if (query.dims.length === 0) return [];
      const placeholders = query.dims.map(() => '?').join(', ');
      const rows = db
        .prepare<unknown[], { bucket: number; dim: Dimension; key: string; n: number }>(
          `SELECT bucket, dim, key, n FROM counts
           WHERE resource = ? AND level = ? AND bucket >= ? AND bucket < ? AND dim IN (${placeholders})
           ORDER BY bucket`,
        )
        .all(query.resourceSeq, LEVEL_CODES[query.level], query.from, query.to, ...query.dims);
      return rows;
    },
    async readTotals(resourceSeq): Promise<Totals> {
      const row = selectTotals.get(resourceSeq);
      return { requests: row?.requests ?? 0, lostLines: row?.lost_lines ?? 0, parseErrors: row?.parse_errors ?? 0 };
    },
    async prune(resourceSeq, cutoffs) {
      prune.immediate(resourceSeq, cutoffs);
    },
    async forgetFramesBefore(receivedBefore) {
      deleteFrames.run(receivedBefore);
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
