import type { ChartInterval } from './series-chart.js';

export interface RangeChoice {
  label: string;
  /** `since` for the counts query (relative, as the developer API takes it). */
  since: string;
  interval: ChartInterval;
}

/** The chart's range picker. The first one is the default. */
export const RANGES = {
  '24h': { label: '24 h by hour', since: '24h', interval: 'hour' },
  '24h-minute': { label: '24 h by minute', since: '24h', interval: 'minute' },
  '7d': { label: '7 days by hour', since: '7d', interval: 'hour' },
  '30d': { label: '30 days by day', since: '30d', interval: 'day' },
} as const satisfies Record<string, RangeChoice>;

export type RangeKey = keyof typeof RANGES;
export const DEFAULT_RANGE: RangeKey = '24h';

export function parseRange(value: unknown): RangeKey {
  return typeof value === 'string' && Object.hasOwn(RANGES, value) ? (value as RangeKey) : DEFAULT_RANGE;
}
