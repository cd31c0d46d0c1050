import type Database from 'better-sqlite3';
import type { IngestDay, PlanEvent, ProcessStats, ResourceLifetime } from '../../model/operator.js';
import { LIFETIMES_SQL, PLAN_EVENTS_SQL, planOf, processStatsFromColumns } from '../operator-columns.js';
import type { ProcessStatsColumns } from '../operator-columns.js';
import type { OperatorStore } from '../store.js';

type OperatorReads = Omit<OperatorStore, 'addIngestDays' | 'saveProcessStats'>;

interface LifetimeRow {
  seq: number;
  id: string;
  plan: string | null;
  region: string | null;
  created_at: number;
  deleted_at: number | null;
}

interface ProcessRow extends ProcessStatsColumns {
  started_at: number;
  seen_at: number;
}

/** The operator's reads on the main connection (writes go through the writer thread). */
export function operatorReads(db: Database.Database): OperatorReads {
  const lifetimes = db.prepare<[], LifetimeRow>(LIFETIMES_SQL);
  const planEvents = db.prepare<[], { resource: number; plan: string; region: string | null; at: number }>(PLAN_EVENTS_SQL);
  const ingestDays = db.prepare<[number, number], IngestDay>(`
    SELECT day, resource AS resourceSeq, batches, duplicates, refused, server_errors AS serverErrors, lines, lost_lines AS lostLines, parse_errors AS parseErrors,
           last_batch_at AS lastBatchAt
    FROM ingest_days WHERE day >= ? AND day < ? ORDER BY day, resource`);
  const processes = db.prepare<[number], ProcessRow>(`SELECT * FROM process_stats WHERE seen_at >= ? ORDER BY process_id`);
  return {
    async listResourceLifetimes(): Promise<ResourceLifetime[]> {
      return lifetimes.all().map((r) => ({
        seq: r.seq,
        id: r.id,
        plan: planOf(r.plan),
        region: r.region ?? '',
        createdAt: new Date(r.created_at),
        deletedAt: r.deleted_at === null ? null : new Date(r.deleted_at),
      }));
    },
    async listPlanEvents(): Promise<PlanEvent[]> {
      return planEvents.all().map((e) => ({ resourceSeq: e.resource, plan: planOf(e.plan), region: e.region ?? '', at: new Date(e.at) }));
    },
    async readIngestDays(from, to) {
      return ingestDays.all(from, to);
    },
    async readProcessStats(seenSince): Promise<ProcessStats[]> {
      return processes.all(seenSince.getTime()).map((r) => processStatsFromColumns(r, { startedAt: new Date(r.started_at), seenAt: new Date(r.seen_at) }));
    },
  };
}
