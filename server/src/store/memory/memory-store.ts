import type { CountRow, IngestOutcome, Totals } from '../../model/counts.js';
import type { Dimension, Level } from '../../model/levels.js';
import type { NewResource, Resource } from '../../model/resource.js';
import { LEVEL_CODES } from '../level-codes.js';
import { planOf } from '../operator-columns.js';
import { resourceFromColumns } from '../resource-columns.js';
import { memoryAlerts } from './memory-alerts.js';
import { memoryOperator } from './memory-operator.js';
import { memoryPlatform } from './memory-platform.js';
import { memoryShares } from './memory-shares.js';
import type { ResourceColumns } from '../resource-columns.js';
import type { Store } from '../store.js';

/**
 * A store in process memory, for unit tests that need no database (the query planner, the
 * retention rules). It is not durable and not selectable by DATABASE_URL; it passes the same
 * contract suite as the SQLite and PostgreSQL stores. Several stores opened on one
 * `MemoryDatabase` behave like processes sharing a database (`runExclusive` excludes across them).
 */
export interface MemoryDatabase {
  openStore(): Store;
  /** Every row of a table (`resources`, `totals`, `counts`, `frames`, `alert_*`), named as SQLite names its columns. */
  dump(table: string): Record<string, unknown>[];
}

interface ResourceRecord extends ResourceColumns {
  options: Resource['options'];
  badge_enabled: boolean;
  created_at: Date;
  deleted_at: Date | null;
}

interface CountRecord {
  resource: number;
  level: Level;
  bucket: number;
  dim: Dimension;
  key: string;
  n: number;
}

interface Tables {
  nextSeq: number;
  resources: Map<string, ResourceRecord>;
  totals: Map<number, Totals>;
  /** Per resource seq, by `level|bucket|dim|key`. */
  counts: Map<number, Map<string, CountRecord>>;
  /** Per resource seq: frame id → received at (unix seconds). */
  frames: Map<number, Map<string, number>>;
  runningJobs: Set<string>;
  /** `job_runs` rows of the periodic jobs (the alerts' row lives with the alerts): job → last round (unix seconds). */
  jobRounds: Map<string, number>;
}

const live = (record: ResourceRecord | undefined): ResourceRecord | undefined => (record && record.deleted_at === null ? record : undefined);

function toResource(record: ResourceRecord): Resource {
  return resourceFromColumns(structuredClone(record), {
    options: structuredClone(record.options),
    badgeEnabled: record.badge_enabled,
    createdAt: new Date(record.created_at),
  });
}

function newRecord(resource: NewResource, seq: number): ResourceRecord {
  return {
    seq,
    id: resource.id,
    name: resource.name,
    plan: resource.plan,
    region: resource.region,
    options: structuredClone(resource.options),
    log_drain_token: resource.logDrainToken,
    key_salt: resource.keySalt,
    api_key_hash: resource.apiKeyHash,
    drain_key_hash: resource.drainKeyHash,
    public_id: resource.publicId,
    badge_enabled: resource.badgeEnabled,
    created_at: new Date(),
    deleted_at: null,
    pruned_minute_before: 0,
    pruned_hour_before: 0,
    ...NO_PREVIOUS_KEYS,
  };
}

const NO_PREVIOUS_KEYS = { previous_key_salt: null, previous_api_key_hash: null, previous_drain_key_hash: null, previous_keys_expire_at: null };

/** What a deprovisioned resource keeps, as in the database stores' tombstones. */
function tombstone(record: ResourceRecord): ResourceRecord {
  return {
    ...record,
    name: null,
    plan: '',
    region: '',
    options: { timezone: '' },
    log_drain_token: null,
    key_salt: '',
    api_key_hash: '',
    drain_key_hash: '',
    public_id: '',
    badge_enabled: false,
    deleted_at: new Date(),
    pruned_minute_before: 0,
    pruned_hour_before: 0,
    ...NO_PREVIOUS_KEYS,
  };
}

function sqliteColumns(record: ResourceRecord): Record<string, unknown> {
  const deleted = record.deleted_at !== null;
  return {
    ...record,
    plan: deleted ? null : record.plan,
    region: deleted ? null : record.region,
    options: JSON.stringify(deleted ? {} : record.options),
    key_salt: deleted ? null : record.key_salt,
    api_key_hash: deleted ? null : record.api_key_hash,
    drain_key_hash: deleted ? null : record.drain_key_hash,
    public_id: deleted ? null : record.public_id,
    badge_enabled: record.badge_enabled ? 1 : 0,
    created_at: record.created_at.getTime(),
    deleted_at: record.deleted_at?.getTime() ?? null,
  };
}

const rowsOf = <K, V>(map: Map<K, Map<string, V>>, seq: K): Map<string, V> => {
  let rows = map.get(seq);
  if (!rows) map.set(seq, (rows = new Map()));
  return rows;
};

export function createMemoryDatabase(): MemoryDatabase {
  const tables: Tables = {
    nextSeq: 1,
    resources: new Map(),
    totals: new Map(),
    counts: new Map(),
    frames: new Map(),
    runningJobs: new Set(),
    jobRounds: new Map(),
  };
  const bySeq = (seq: number): ResourceRecord | undefined => [...tables.resources.values()].find((r) => r.seq === seq);
  const alerts = memoryAlerts((seq) => live(bySeq(seq)) !== undefined);
  const platform = memoryPlatform((seq) => live(bySeq(seq))?.id);
  const operator = memoryOperator();
  const shares = memoryShares();

  function openStore(): Store {
    let closed = false;
    const open = (): void => {
      if (closed) throw new Error('the memory store is closed');
    };
    const guarded =
      <A extends unknown[], R>(f: (...args: A) => R) =>
      async (...args: A): Promise<R> => {
        open();
        return f(...args);
      };
    return {
      kind: 'memory',

      async createResource(resource) {
        open();
        const existing = tables.resources.get(resource.id);
        if (existing) return existing.deleted_at ? { outcome: 'deleted' } : { outcome: 'exists', resource: toResource(existing) };
        for (const other of tables.resources.values()) {
          if (other.deleted_at === null && other.public_id === resource.publicId) throw new Error('public_id is already taken');
        }
        const record = newRecord(resource, tables.nextSeq++);
        tables.resources.set(record.id, record);
        tables.totals.set(record.seq, { requests: 0, lostLines: 0, parseErrors: 0 });
        operator.recordPlan({ resourceSeq: record.seq, plan: resource.plan, region: resource.region, at: record.created_at });
        return { outcome: 'created', resource: toResource(record) };
      },
      async getResource(id) {
        open();
        const record = live(tables.resources.get(id));
        return record ? toResource(record) : null;
      },
      async getResourceByPublicId(publicId) {
        open();
        const record = [...tables.resources.values()].find((r) => r.deleted_at === null && r.public_id === publicId);
        return record ? toResource(record) : null;
      },
      async changePlan(id, plan) {
        open();
        const record = live(tables.resources.get(id));
        if (!record) return 'not_found';
        if (record.plan === plan) return 'unchanged';
        record.plan = plan;
        operator.recordPlan({ resourceSeq: record.seq, plan, region: record.region, at: new Date() });
        return 'changed';
      },
      async setBadgeEnabled(id, enabled) {
        open();
        const record = live(tables.resources.get(id));
        if (record) record.badge_enabled = enabled;
      },
      async deleteResource(id) {
        open();
        const record = live(tables.resources.get(id));
        if (!record) return 'gone';
        tables.counts.delete(record.seq);
        tables.totals.delete(record.seq);
        tables.frames.delete(record.seq);
        alerts.purge(record.seq);
        platform.purge(record.seq);
        shares.purge(record.id);
        tables.resources.set(id, tombstone(record));
        return 'deleted';
      },
      async listResources() {
        open();
        return [...tables.resources.values()]
          .filter((r) => r.deleted_at === null)
          .sort((a, b) => a.seq - b.seq)
          .map(toResource);
      },

      async commitBatches(batches) {
        open();
        const receivedAt = Math.floor(Date.now() / 1000);
        return batches.map((batch): IngestOutcome => {
          const totals = tables.totals.get(batch.resourceSeq);
          // No totals: the resource was deprovisioned since the POST was authenticated.
          if (!totals) return { duplicate: false };
          if (batch.frameId !== null) {
            const frames = rowsOf(tables.frames, batch.resourceSeq);
            if (frames.has(batch.frameId)) return { duplicate: true };
            frames.set(batch.frameId, receivedAt);
          }
          totals.requests += batch.totals.requests;
          totals.lostLines += batch.totals.lostLines;
          totals.parseErrors += batch.totals.parseErrors;
          const counts = rowsOf(tables.counts, batch.resourceSeq);
          for (const d of batch.deltas) {
            const id = `${d.level}|${d.bucket}|${d.dim}|${d.key}`;
            const row = counts.get(id);
            if (row) row.n += d.n;
            else counts.set(id, { resource: batch.resourceSeq, level: d.level, bucket: d.bucket, dim: d.dim, key: d.key, n: d.n });
          }
          return { duplicate: false };
        });
      },
      async readCounts(query): Promise<CountRow[]> {
        open();
        return [...(tables.counts.get(query.resourceSeq)?.values() ?? [])]
          .filter((r) => r.level === query.level && r.bucket >= query.from && r.bucket < query.to && query.dims.includes(r.dim))
          .sort((a, b) => a.bucket - b.bucket)
          .map(({ bucket, dim, key, n }) => ({ bucket, dim, key, n }));
      },
      async readTotals(resourceSeq) {
        open();
        return { ...(tables.totals.get(resourceSeq) ?? { requests: 0, lostLines: 0, parseErrors: 0 }) };
      },

      async prune(resourceSeq, cutoffs) {
        open();
        const counts = tables.counts.get(resourceSeq);
        for (const [id, row] of counts ?? []) {
          if ((row.level === 'minute' && row.bucket < cutoffs.minute) || (row.level === 'hour' && row.bucket < cutoffs.hour)) counts?.delete(id);
        }
        const record = bySeq(resourceSeq);
        if (!record) return;
        record.pruned_minute_before = Math.max(record.pruned_minute_before, cutoffs.minute);
        record.pruned_hour_before = Math.max(record.pruned_hour_before, cutoffs.hour);
      },
      async forgetFramesBefore(receivedBefore) {
        open();
        for (const frames of tables.frames.values()) {
          for (const [frameId, receivedAt] of frames) if (receivedAt < receivedBefore) frames.delete(frameId);
        }
      },
      createShare: guarded(shares.store.createShare),
      listShares: guarded(shares.store.listShares),
      getShareByTokenHash: guarded(shares.store.getShareByTokenHash),
      revokeShare: guarded(shares.store.revokeShare),
      createAlertRule: guarded(alerts.store.createAlertRule),
      listAlertRules: guarded(alerts.store.listAlertRules),
      deleteAlertRule: guarded(alerts.store.deleteAlertRule),
      listAlertEvents: guarded(alerts.store.listAlertEvents),
      commitAlertEvaluation: guarded(alerts.store.commitAlertEvaluation),
      claimAlertDeliveries: guarded(alerts.store.claimAlertDeliveries),
      finishAlertDelivery: guarded(alerts.store.finishAlertDelivery),

      initPlatform: guarded(platform.store.initPlatform),
      getPlatform: guarded(platform.store.getPlatform),
      listPlatform: guarded(platform.store.listPlatform),
      updatePlatform: guarded(platform.store.updatePlatform),
      recordMilestone: guarded(platform.store.recordMilestone),
      listMilestones: guarded(platform.store.listMilestones),
      claimMilestones: guarded(platform.store.claimMilestones),
      updateMilestone: guarded(platform.store.updateMilestone),
      recordRelease: guarded(platform.store.recordRelease),
      listReleases: guarded(platform.store.listReleases),
      async beginRotation(resourceId, next, previousExpireAt) {
        open();
        const record = live(tables.resources.get(resourceId));
        if (!record) return false;
        Object.assign(record, {
          previous_key_salt: record.key_salt,
          previous_api_key_hash: record.api_key_hash,
          previous_drain_key_hash: record.drain_key_hash,
          previous_keys_expire_at: previousExpireAt,
          key_salt: next.keySalt,
          api_key_hash: next.apiKeyHash,
          drain_key_hash: next.drainKeyHash,
        });
        return true;
      },
      async rollbackRotation(resourceId) {
        open();
        const record = live(tables.resources.get(resourceId));
        if (!record || record.previous_key_salt === null || record.previous_api_key_hash === null || record.previous_drain_key_hash === null) return;
        Object.assign(record, {
          key_salt: record.previous_key_salt,
          api_key_hash: record.previous_api_key_hash,
          drain_key_hash: record.previous_drain_key_hash,
          ...NO_PREVIOUS_KEYS,
        });
      },
      async forgetExpiredKeys(now) {
        open();
        for (const record of tables.resources.values()) {
          if (record.previous_keys_expire_at !== null && record.previous_keys_expire_at <= now) Object.assign(record, NO_PREVIOUS_KEYS);
        }
      },

      async listResourceLifetimes() {
        open();
        // As LIFETIMES_SQL: a tombstone's plan and region are those of its last plan event.
        const lastEvents = new Map(operator.store.listPlanEvents().map((e) => [e.resourceSeq, e]));
        return [...tables.resources.values()]
          .sort((a, b) => a.seq - b.seq)
          .map((r) => {
            const last = lastEvents.get(r.seq);
            const { plan, region } = r.deleted_at === null || !last ? r : last;
            return { seq: r.seq, id: r.id, plan: planOf(plan), region, createdAt: new Date(r.created_at), deletedAt: r.deleted_at && new Date(r.deleted_at) };
          });
      },
      listPlanEvents: guarded(operator.store.listPlanEvents),
      addIngestDays: guarded(operator.store.addIngestDays),
      readIngestDays: guarded(operator.store.readIngestDays),
      saveProcessStats: guarded(operator.store.saveProcessStats),
      readProcessStats: guarded(operator.store.readProcessStats),

      async runExclusive(job, fn) {
        open();
        if (tables.runningJobs.has(job)) return false;
        tables.runningJobs.add(job);
        try {
          await fn();
        } finally {
          tables.runningJobs.delete(job);
        }
        return true;
      },

      async claimJobRound(job, atSeconds, minGapSeconds) {
        open();
        const last = tables.jobRounds.get(job);
        if (last !== undefined && last > atSeconds - minGapSeconds) return false;
        tables.jobRounds.set(job, atSeconds);
        return true;
      },

      async ping() {
        open();
      },
      async close() {
        closed = true;
      },
    };
  }

  function dump(table: string): Record<string, unknown>[] {
    switch (table) {
      case 'resources':
        return [...tables.resources.values()].sort((a, b) => a.seq - b.seq).map(sqliteColumns);
      case 'totals':
        return [...tables.totals].map(([resource, t]) => ({ resource, requests: t.requests, lost_lines: t.lostLines, parse_errors: t.parseErrors }));
      case 'counts':
        return [...tables.counts.values()].flatMap((rows) => [...rows.values()].map((row) => ({ ...row, level: LEVEL_CODES[row.level] })));
      case 'frames':
        return [...tables.frames].flatMap(([resource, frames]) => [...frames].map(([frame_id, received_at]) => ({ resource, frame_id, received_at })));
      case 'shares':
        return shares.rows().map((share) => ({
          id: share.id,
          resource_id: share.resourceId,
          token_hash: share.tokenHash,
          show_paths: share.showPaths ? 1 : 0,
          password_hash: share.passwordHash,
          expires_at: share.expiresAt,
          created_at: share.createdAt,
        }));
      case 'job_runs':
        return [...(alerts.dump(table) ?? []), ...[...tables.jobRounds].map(([job, last_minute]) => ({ job, last_minute }))];
      default: {
        const rows = alerts.dump(table);
        if (rows === null) throw new Error(`the memory store has no table ${table}`);
        return rows;
      }
    }
  }

  return { openStore, dump };
}
