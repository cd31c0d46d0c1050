import { alertsPanel } from '../alerts/manage-rules.js';
import type { AlertsPanel } from '../alerts/manage-rules.js';
import type { Config } from '../config.js';
import { milestoneItems } from '../milestones/milestone-report.js';
import { releaseItems } from '../releases/release-report.js';
import { resolveRange } from '../query/params.js';
import { countsReport, parseCompare, parseCountsParams, parseTopParams, topReport } from '../query/index.js';
import { stringParam } from '../query/time-params.js';
import type { TopDimension } from '../query/index.js';
import type { Session } from '../sso/session.js';
import type { Resource } from '../model/resource.js';
import type { PlatformStore } from '../store/platform-store.js';
import type { AlertStore, CountStore } from '../store/store.js';
import { credentialsPanel } from './credentials-card.js';
import { RANGES, parseRange } from './dashboard-ranges.js';
import type { DashboardView } from './dashboard-view.js';

type Query = Record<string, unknown>;

const TOP_PATHS = 10;
const TOP_STATUSES = 6;

export function badgeUrl(config: Config, resource: Resource): string {
  return `${config.baseUrl}/badge/${resource.publicId}.svg`;
}

/**
 * Everything the page shows, from the query module's own functions: the dashboard and
 * the developer API cannot disagree. A bad `tz` is a 400, as on the API.
 */
export async function loadDashboardView(
  config: Config,
  store: CountStore & AlertStore & PlatformStore,
  resource: Resource,
  session: Session,
  query: Query,
  now: Date,
  /** After a refused alert form: the reason and the values typed. */
  alertForm?: Pick<AlertsPanel, 'error' | 'values'>,
  /** After a refused or unconfirmed rotation: why nothing happened. */
  rotationError?: string,
): Promise<DashboardView> {
  const range = parseRange(query.range);
  const compare = parseCompare(stringParam(query, 'compare')) ?? 'previous';
  const rangeQuery = { since: RANGES[range].since, interval: RANGES[range].interval, tz: query.tz };
  const top = (by: TopDimension, limit: number) =>
    topReport(store, resource, parseTopParams({ ...rangeQuery, by, limit: String(limit) }, resource, now), now);
  const countsParams = parseCountsParams(rangeQuery, resource, now);
  const chartRange = resolveRange(countsParams, now);
  const [counts, topPaths, topStatuses, alerts, releases, milestones] = await Promise.all([
    countsReport(store, resource, countsParams, now, compare),
    top('path', TOP_PATHS),
    top('status', TOP_STATUSES),
    alertsPanel(config, store, resource),
    releaseItems(store, resource, chartRange.since, chartRange.until),
    milestoneItems(store, resource),
  ]);
  const credentials = await credentialsPanel(store, resource, now, config.platform.rotationOverlapSeconds);
  return {
    resource,
    session,
    range,
    compare,
    counts,
    topPaths,
    topStatuses,
    badgeUrl: badgeUrl(config, resource),
    alerts: { ...alerts, ...alertForm },
    releases,
    milestones,
    credentials: { ...credentials, ...(rotationError === undefined ? {} : { error: rotationError }) },
  };
}
