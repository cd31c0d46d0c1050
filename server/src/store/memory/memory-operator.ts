import type { IngestDay, PlanEvent, ProcessStats } from '../../model/operator.js';
import type { OperatorStore } from '../store.js';
import type { Synchronous } from './synchronous.js';

/** The in-memory operator records, with the rules of the SQLite store; lifetimes come from the resources. */
export interface MemoryOperator {
  store: Synchronous<Omit<OperatorStore, 'listResourceLifetimes'>>;
  /** A provision or plan change, as the resource writes record it. */
  recordPlan(event: PlanEvent): void;
}

export function memoryOperator(): MemoryOperator {
  const planEvents: PlanEvent[] = [];
  const ingestDays = new Map<string, IngestDay>();
  const processes = new Map<string, ProcessStats>();
  return {
    store: {
      listPlanEvents: () => planEvents.map((e) => structuredClone(e)).sort((a, b) => a.at.getTime() - b.at.getTime()),
      addIngestDays(rows) {
        for (const row of rows) {
          const key = `${row.day}|${row.resourceSeq}`;
          const day = ingestDays.get(key);
          if (!day) {
            ingestDays.set(key, { ...row });
            continue;
          }
          for (const field of ['batches', 'duplicates', 'refused', 'serverErrors', 'lines', 'lostLines', 'parseErrors'] as const) day[field] += row[field];
          day.lastBatchAt = Math.max(day.lastBatchAt, row.lastBatchAt);
        }
      },
      readIngestDays: (from, to) =>
        [...ingestDays.values()]
          .filter((d) => d.day >= from && d.day < to)
          .sort((a, b) => a.day - b.day || a.resourceSeq - b.resourceSeq)
          .map((d) => ({ ...d })),
      saveProcessStats(stats) {
        processes.set(stats.processId, structuredClone(stats));
      },
      readProcessStats: (seenSince) =>
        [...processes.values()]
          .filter((p) => p.seenAt.getTime() >= seenSince.getTime())
          .sort((a, b) => a.processId.localeCompare(b.processId))
          .map((p) => structuredClone(p)),
    },
    recordPlan(event) {
      planEvents.push({ ...event, at: new Date(event.at) });
    },
  };
}
