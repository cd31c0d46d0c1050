import type { Totals } from '../model/counts.js';
import type { IngestDay, PlanEvent, ResourceLifetime } from '../model/operator.js';
import type { CountStore, OperatorStore } from '../store/store.js';
import { DAY_MS } from './fleet-report.js';

/** One add-on as the operator sees it: its life, plan history and traffic; never its credentials. */
export interface ResourceDetail {
  resource: ResourceLifetime;
  planHistory: PlanEvent[];
  totals: Totals;
  days: IngestDay[];
}

const HISTORY_DAYS = 90;

export async function resourceDetail(store: OperatorStore & Pick<CountStore, 'readTotals'>, id: string, now: Date): Promise<ResourceDetail | null> {
  const resource = (await store.listResourceLifetimes()).find((r) => r.id === id);
  if (!resource) return null;
  const to = Math.floor(now.getTime() / 1000);
  const [events, totals, days] = await Promise.all([
    store.listPlanEvents(),
    store.readTotals(resource.seq),
    store.readIngestDays(to - (HISTORY_DAYS * DAY_MS) / 1000, to + 86_400),
  ]);
  return {
    resource,
    planHistory: events.filter((e) => e.resourceSeq === resource.seq),
    totals,
    days: days.filter((d) => d.resourceSeq === resource.seq),
  };
}
