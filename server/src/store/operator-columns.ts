import type { ProcessStats } from '../model/operator.js';
import { isPlanName } from '../model/plans.js';
import type { PlanName } from '../model/plans.js';

/** A plan read back from the operator's records; a row with another plan is a corrupt database. */
export function planOf(plan: string | null): PlanName {
  if (!isPlanName(plan)) throw new Error(`unknown plan ${String(plan)} in the operator's records`);
  return plan;
}

/**
 * Every resource's life, on both stores. A tombstone keeps no plan or region: its last plan
 * event says which plan it had when it was deprovisioned, and where.
 */
const LAST_EVENT = 'FROM plan_events e WHERE e.resource = r.seq ORDER BY e.at DESC, e.id DESC LIMIT 1';
export const LIFETIMES_SQL = `
  SELECT r.seq, r.id, r.created_at, r.deleted_at,
         COALESCE(r.plan, (SELECT e.plan ${LAST_EVENT})) AS plan,
         COALESCE(r.region, (SELECT e.region ${LAST_EVENT})) AS region
  FROM resources r ORDER BY r.seq`;

/** The plan events, oldest first, on both stores. */
export const PLAN_EVENTS_SQL = 'SELECT resource, plan, region, at FROM plan_events ORDER BY at, id';

/** The `process_stats` columns both stores read back with the same JS types (times differ per store). */
export interface ProcessStatsColumns {
  process_id: string;
  commit_p50_ms: number | null;
  commit_p99_ms: number | null;
  group_size_mean: number | null;
  queue_depth: number;
  event_loop_lag_p99_ms: number | null;
  drain_5xx: number;
}

export function processStatsFromColumns(row: ProcessStatsColumns, times: Pick<ProcessStats, 'startedAt' | 'seenAt'>): ProcessStats {
  return {
    processId: row.process_id,
    ...times,
    commitP50Ms: row.commit_p50_ms,
    commitP99Ms: row.commit_p99_ms,
    groupSizeMean: row.group_size_mean,
    queueDepth: row.queue_depth,
    eventLoopLagP99Ms: row.event_loop_lag_p99_ms,
    drain5xx: row.drain_5xx,
  };
}
