import type Database from 'better-sqlite3';
import { LEVEL_CODES } from '../level-codes.js';
import { MIGRATIONS } from './migrations.js';
import { prepareAlertReads } from './sqlite-alerts.js';
import { liveResource, openConnection, SELECT_RESOURCE_BY_ID, toResource } from './sqlite-connection.js';
import type { ResourceRow } from './sqlite-connection.js';
import { startWriter } from './sqlite-writer.js';
import type { Writer } from './sqlite-writer.js';
import { PLATFORM_WRITE_NAMES, preparePlatformReads } from './sqlite-platform.js';
import type { PlatformWrites } from './sqlite-platform.js';
import { prepareWrites } from './sqlite-writes.js';
import { shareFromColumns } from '../share-columns.js';
import type { ShareColumns } from '../share-columns.js';
import type { CountQuery, Store } from '../store.js';
import type { CountRow, Totals } from '../../model/counts.js';
import type { Dimension } from '../../model/levels.js';
import { operatorReads } from './sqlite-operator-reads.js';

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let version = applied; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** `:memory:` cannot be shared with a second connection: its writes run on the one connection. */
function inThreadWriter(db: Database.Database): Writer {
  const writes = prepareWrites(db);
  const later =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    async (...args: A): Promise<R> =>
      f(...args);
  const platformWrites = Object.fromEntries(PLATFORM_WRITE_NAMES.map((name) => [name, later(writes[name] as (...a: unknown[]) => unknown)]));
  return {
    ...(platformWrites as unknown as Pick<Writer, keyof PlatformWrites>),
    createResource: later(writes.createResource),
    changePlan: later(writes.changePlan),
    setBadgeEnabled: later(writes.setBadgeEnabled),
    deleteResource: later(writes.deleteResource),
    commitBatches: later(writes.commitBatches),
    prune: later(writes.prune),
    forgetFramesBefore: later(writes.forgetFramesBefore),
    claimJobRound: later(writes.claimJobRound),
    addIngestDays: later(writes.addIngestDays),
    saveProcessStats: later(writes.saveProcessStats),
    createAlertRule: later(writes.createAlertRule),
    deleteAlertRule: later(writes.deleteAlertRule),
    commitAlertEvaluation: later(writes.commitAlertEvaluation),
    claimAlertDeliveries: later(writes.claimAlertDeliveries),
    finishAlertDelivery: later(writes.finishAlertDelivery),
    createShare: later(writes.createShare),
    revokeShare: later(writes.revokeShare),
    close: async () => undefined,
  };
}

/**
 * The SQLite store. Reads run on this thread's connection; every write runs on the writer
 * thread's own connection (`sqlite-writer.ts`), so a durable commit's fsync does not stop
 * this thread from reading and parsing the next drain bodies. WAL lets the two connections
 * work at once; a read started after a write resolved sees it.
 */
export function openSqliteStore(path: string): Store {
  const db = openConnection(path);
  migrate(db);
  const writer = path === ':memory:' ? inThreadWriter(db) : startWriter(path);

  const selectById = db.prepare<[string], ResourceRow>(SELECT_RESOURCE_BY_ID);
  const selectByPublicId = db.prepare<[string], ResourceRow>(`SELECT * FROM resources WHERE public_id = ? AND deleted_at IS NULL`);
  const selectLive = db.prepare<[], ResourceRow>(`SELECT * FROM resources WHERE deleted_at IS NULL ORDER BY seq`);
  const selectTotals = db.prepare<[number], { requests: number; lost_lines: number; parse_errors: number }>(
    `SELECT requests, lost_lines, parse_errors FROM totals WHERE resource = ?`,
  );
  const selectShares = db.prepare<[string], ShareColumns>(`SELECT * FROM shares WHERE resource_id = ? ORDER BY created_at DESC, id`);
  const selectShareByToken = db.prepare<[string], ShareColumns>(`SELECT * FROM shares WHERE token_hash = ?`);

  const alertReads = prepareAlertReads(db);

  return {
    kind: 'sqlite',
    ...preparePlatformReads(db),
    ...Object.fromEntries(PLATFORM_WRITE_NAMES.map((name) => [name, writer[name]])) as Pick<Writer, keyof PlatformWrites>,
    createResource: writer.createResource,
    async getResource(id) {
      return liveResource(selectById.get(id));
    },
    async getResourceByPublicId(publicId) {
      return liveResource(selectByPublicId.get(publicId));
    },
    changePlan: writer.changePlan,
    setBadgeEnabled: writer.setBadgeEnabled,
    deleteResource: writer.deleteResource,
    async listResources() {
      return selectLive.all().map(toResource);
    },
    commitBatches: writer.commitBatches,
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
    prune: writer.prune,
    forgetFramesBefore: writer.forgetFramesBefore,
    claimJobRound: writer.claimJobRound,
    addIngestDays: writer.addIngestDays,
    saveProcessStats: writer.saveProcessStats,
    ...operatorReads(db),
    createAlertRule: writer.createAlertRule,
    async listAlertRules(resourceSeq) {
      return alertReads.listAlertRules(resourceSeq);
    },
    deleteAlertRule: writer.deleteAlertRule,
    async listAlertEvents(resourceSeq, limit) {
      return alertReads.listAlertEvents(resourceSeq, limit);
    },
    commitAlertEvaluation: writer.commitAlertEvaluation,
    claimAlertDeliveries: writer.claimAlertDeliveries,
    finishAlertDelivery: writer.finishAlertDelivery,
    createShare: writer.createShare,
    async listShares(resourceId) {
      return selectShares.all(resourceId).map(shareFromColumns);
    },
    async getShareByTokenHash(tokenHash) {
      const row = selectShareByToken.get(tokenHash);
      return row ? shareFromColumns(row) : null;
    },
    revokeShare: writer.revokeShare,
    // One process owns a SQLite file, so there is nobody to exclude.
    async runExclusive(_job, fn) {
      await fn();
      return true;
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await writer.close();
      if (db.open) db.close();
    },
  };
}
