import type { Pool } from 'pg';
import type { IngestDay, PlanEvent, ProcessStats, ResourceLifetime } from '../../model/operator.js';
import { LIFETIMES_SQL, PLAN_EVENTS_SQL, planOf, processStatsFromColumns } from '../operator-columns.js';
import type { ProcessStatsColumns } from '../operator-columns.js';
import type { OperatorStore } from '../store.js';

const INGEST_DAY_COLUMNS = ['day', 'resourceSeq', 'batches', 'duplicates', 'refused', 'serverErrors', 'lines', 'lostLines', 'parseErrors', 'lastBatchAt'] as const;

/** The operator's records in PostgreSQL; day rows are added to, so several processes may write one. */
export function operatorRecords(pool: Pool): OperatorStore {
  return {
    async listResourceLifetimes(): Promise<ResourceLifetime[]> {
      const { rows } = await pool.query<{ seq: number; id: string; plan: string | null; region: string | null; created_at: Date; deleted_at: Date | null }>(
        LIFETIMES_SQL,
      );
      return rows.map((r) => ({ seq: r.seq, id: r.id, plan: planOf(r.plan), region: r.region ?? '', createdAt: r.created_at, deletedAt: r.deleted_at }));
    },
    async listPlanEvents(): Promise<PlanEvent[]> {
      const { rows } = await pool.query<{ resource: number; plan: string; region: string | null; at: Date }>(PLAN_EVENTS_SQL);
      return rows.map((e) => ({ resourceSeq: e.resource, plan: planOf(e.plan), region: e.region ?? '', at: e.at }));
    },
    async addIngestDays(rows) {
      if (rows.length === 0) return;
      const columns = INGEST_DAY_COLUMNS.map((name) => rows.map((row) => row[name]));
      // Sorted by key so that two processes adding to the same rows lock them in one order.
      await pool.query(
        `INSERT INTO ingest_days AS d (day, resource, batches, duplicates, refused, server_errors, lines, lost_lines, parse_errors, last_batch_at)
         SELECT * FROM unnest($1::bigint[], $2::integer[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                              $8::bigint[], $9::bigint[], $10::bigint[])
         ORDER BY 1, 2
         ON CONFLICT (day, resource) DO UPDATE SET
           batches = d.batches + excluded.batches, duplicates = d.duplicates + excluded.duplicates, refused = d.refused + excluded.refused,
           server_errors = d.server_errors + excluded.server_errors, lines = d.lines + excluded.lines,
           lost_lines = d.lost_lines + excluded.lost_lines, parse_errors = d.parse_errors + excluded.parse_errors,
           last_batch_at = greatest(d.last_batch_at, excluded.last_batch_at)`,
        columns,
      );
    },
    async readIngestDays(from, to): Promise<IngestDay[]> {
      const { rows } = await pool.query<IngestDay>(
        `SELECT day, resource AS "resourceSeq", batches, duplicates, refused, server_errors AS "serverErrors", lines, lost_lines AS "lostLines", parse_errors AS "parseErrors",
                last_batch_at AS "lastBatchAt"
         FROM ingest_days WHERE day >= $1 AND day < $2 ORDER BY day, resource`,
        [from, to],
      );
      return rows;
    },
    async saveProcessStats(s) {
      await pool.query(
        `INSERT INTO process_stats (process_id, started_at, seen_at, commit_p50_ms, commit_p99_ms, group_size_mean, queue_depth,
                                    event_loop_lag_p99_ms, drain_5xx)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (process_id) DO UPDATE SET started_at = excluded.started_at, seen_at = excluded.seen_at,
           commit_p50_ms = excluded.commit_p50_ms, commit_p99_ms = excluded.commit_p99_ms, group_size_mean = excluded.group_size_mean,
           queue_depth = excluded.queue_depth, event_loop_lag_p99_ms = excluded.event_loop_lag_p99_ms, drain_5xx = excluded.drain_5xx`,
        [s.processId, s.startedAt, s.seenAt, s.commitP50Ms, s.commitP99Ms, s.groupSizeMean, s.queueDepth, s.eventLoopLagP99Ms, s.drain5xx],
      );
    },
    async readProcessStats(seenSince): Promise<ProcessStats[]> {
      const { rows } = await pool.query<ProcessStatsColumns & { started_at: Date; seen_at: Date }>(
        'SELECT * FROM process_stats WHERE seen_at >= $1 ORDER BY process_id',
        [seenSince],
      );
      return rows.map((r) => processStatsFromColumns(r, { startedAt: r.started_at, seenAt: r.seen_at }));
    },
  };
}
