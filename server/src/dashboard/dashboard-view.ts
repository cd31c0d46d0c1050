import type { Session } from '../sso/session.js';
import type { Resource } from '../store/store.js';
import type { RangeKey } from './dashboard-ranges.js';
import type { ChartInterval, SeriesPoint } from './series-chart.js';

/** The part of the query module's counts report (= `GET /api/counts`) the dashboard shows. */
export interface CountsView {
  tz: string;
  interval: ChartInterval;
  since: string;
  until: string;
  total: number;
  sum: number;
  errors: number;
  lost_lines: number;
  recent: { last_hour: number; today: number; last_7_days: number; last_30_days: number };
  by_status_class: Record<string, number>;
  router_errors: Record<string, number>;
  service_ms: { p50: number; p95: number; p99: number } | null;
  series: readonly SeriesPoint[];
  approximate: boolean;
}

/** The part of the query module's top report (= `GET /api/top`) the dashboard shows. */
export interface TopView {
  sum: number;
  items: readonly { key: string; count: number }[];
  other: number;
}

export interface DashboardView {
  resource: Resource;
  session: Session;
  range: RangeKey;
  counts: CountsView;
  topPaths: TopView;
  topStatuses: TopView;
  /** Absolute URL of the resource's badge, for the embed snippet. */
  badgeUrl: string;
}
