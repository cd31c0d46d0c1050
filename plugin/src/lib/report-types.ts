/**
 * The developer API's JSON (README "The developer API"), as the plugin reads it. The plugin is its
 * own npm package and cannot import the server's types: the tests against a real server keep
 * these honest.
 */

export interface ResourceInfo {
  id: string;
  name: string;
  plan: string;
  timezone: string;
}

export interface SeriesPoint {
  t: string;
  count: number;
  errors: number;
}

export interface CountsReport {
  resource: ResourceInfo;
  tz: string;
  interval: Interval;
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
  series: SeriesPoint[];
  approximate: boolean;
  series_approximate?: boolean;
  breakdowns_approximate?: boolean;
  recent_approximate?: boolean;
  /** Only with `compare=`. */
  compare?: Comparison;
}

export const COMPARE_KINDS = ['previous', 'week', 'year'] as const;
export type CompareKind = (typeof COMPARE_KINDS)[number];

export type RecentCounts = CountsReport['recent'];

export interface Comparison {
  kind: CompareKind;
  since: string;
  until: string;
  sum: number;
  errors: number;
  lost_lines: number;
  recent: RecentCounts;
  series: SeriesPoint[];
  series_approximate: boolean;
  recent_approximate: boolean;
  change_percent: Record<'sum' | 'errors' | 'lost_lines' | keyof RecentCounts, number | null>;
}

export interface TopItem {
  key: string;
  count: number;
}

export interface TopReport {
  by: TopDimension;
  tz: string;
  since: string;
  until: string;
  sum: number;
  items: TopItem[];
  other: number;
  approximate?: boolean;
}

export const INTERVALS = ['minute', 'hour', 'day'] as const;
export type Interval = (typeof INTERVALS)[number];

export const TOP_DIMENSIONS = ['path', 'status', 'method', 'dyno', 'code'] as const;
export type TopDimension = (typeof TOP_DIMENSIONS)[number];
