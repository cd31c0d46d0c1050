import type { Config } from '../config.js';
import type { Session } from '../sso/session.js';
import type { Resource, Store } from '../store/store.js';
import { parseRange } from './dashboard-ranges.js';
import type { DashboardView } from './dashboard-view.js';

type Query = Record<string, unknown>;

export function badgeUrl(config: Config, resource: Resource): string {
  return `${config.baseUrl}/badge/${resource.publicId}.svg`;
}

/** Everything the page shows, from the same query functions as the developer API. */
export async function loadDashboardView(
  config: Config,
  store: Store,
  resource: Resource,
  session: Session,
  query: Query,
  _nowMs: number,
): Promise<DashboardView> {
  const range = parseRange(query.range);
  const totals = await store.readTotals(resource.seq);
  const tz = typeof query.tz === 'string' && query.tz ? query.tz : resource.options.timezone;
  return {
    resource,
    session,
    range,
    counts: {
      tz,
      interval: 'hour',
      since: '',
      until: '',
      total: totals.requests,
      sum: 0,
      errors: 0,
      lost_lines: 0,
      recent: { last_hour: 0, today: 0, last_7_days: 0, last_30_days: 0 },
      by_status_class: {},
      router_errors: {},
      service_ms: null,
      series: [],
      approximate: false,
    },
    topPaths: { sum: 0, items: [], other: 0 },
    topStatuses: { sum: 0, items: [], other: 0 },
    badgeUrl: badgeUrl(config, resource),
  };
}
