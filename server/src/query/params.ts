import { QueryParamError } from './query-param-error.js';
import type { Resource } from '../model/resource.js';
import { NOW, parseInterval, parseTimeSpec, parseTimeZone, resolveTime, stringParam } from './time-params.js';
import type { RawQuery, TimeSpec } from './time-params.js';
import { ceilTo, timeGrid } from './time-grid.js';
import type { Interval } from './time-grid.js';
import type { TopDimension } from '../contract/api.js';
import { DEFAULT_LIMIT, MAX_LIMIT, TOP_DIMENSIONS } from '../contract/input-rules.js';

export interface RangeParams {
  since: TimeSpec;
  until: TimeSpec;
  /** Undefined: chosen from the range (≤ 6 h → minute, ≤ 7 d → hour, else day). */
  interval: Interval | undefined;
  tz: string;
}

export type CountsParams = RangeParams;


export interface TopParams extends RangeParams {
  by: TopDimension;
  limit: number;
}

/** A resolved range: [since, until) aligned to the interval's buckets in tz, unix seconds. */
export interface Range {
  since: number;
  until: number;
  interval: Interval;
  tz: string;
}

export const MAX_POINTS = 1500;
const HOUR = 3600;

const DEFAULT_SINCE: TimeSpec = { kind: 'ago', amount: 24, unit: 'hours' };

export function parseCountsParams(query: RawQuery, resource: Pick<Resource, 'options'>, now = new Date()): CountsParams {
  const tz = parseTimeZone(stringParam(query, 'tz'), resource.options.timezone);
  const since = stringParam(query, 'since');
  const until = stringParam(query, 'until');
  const params: CountsParams = {
    since: since === undefined ? DEFAULT_SINCE : parseTimeSpec('since', since, tz),
    until: until === undefined ? NOW : parseTimeSpec('until', until, tz),
    interval: parseInterval(stringParam(query, 'interval')),
    tz,
  };
  resolveRange(params, now);
  return params;
}

export function parseTopParams(query: RawQuery, resource: Pick<Resource, 'options'>, now = new Date()): TopParams {
  return { ...parseCountsParams(query, resource, now), by: parseBy(stringParam(query, 'by')), limit: parseLimit(stringParam(query, 'limit')) };
}

function parseBy(value: string | undefined): TopDimension {
  if (value === undefined) return 'path';
  if (!(TOP_DIMENSIONS as readonly string[]).includes(value)) throw new QueryParamError('by', `expected one of ${TOP_DIMENSIONS.join(', ')}`);
  return value as TopDimension;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_LIMIT) throw new QueryParamError('limit', `expected a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

function defaultInterval(seconds: number): Interval {
  if (seconds <= 6 * HOUR) return 'minute';
  // A week across a DST change lasts 169 hours.
  if (seconds <= 7 * 24 * HOUR + HOUR) return 'hour';
  return 'day';
}

const NOMINAL_BUCKET: Record<Interval, number> = { minute: 60, hour: HOUR, day: 24 * HOUR };

export function tooManyPoints(interval: Interval): QueryParamError {
  const coarser = interval === 'minute' ? ' or use interval=hour' : interval === 'hour' ? ' or use interval=day' : '';
  return new QueryParamError('interval', `at most ${MAX_POINTS} ${interval}s per query; shorten the range${coarser}`);
}

/**
 * Resolves relative times against `now` and widens the range to whole buckets: since down to
 * the start of its bucket, until up to the end of its bucket (so the current bucket is included).
 */
export function resolveRange(params: RangeParams, now: Date): Range {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const since = resolveTime(params.since, nowSeconds, params.tz);
  const until = resolveTime(params.until, nowSeconds, params.tz);
  if (since >= until) throw new QueryParamError('since', 'must be before until');
  const interval = params.interval ?? defaultInterval(until - since);
  // A cheap guard before enumerating buckets; the report checks the exact count.
  if ((until - since) / NOMINAL_BUCKET[interval] > MAX_POINTS + 2) throw tooManyPoints(interval);
  const grid = timeGrid(interval, params.tz);
  return { since: grid.floor(since), until: ceilTo(grid, until), interval, tz: params.tz };
}
