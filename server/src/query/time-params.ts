import { DateTime, FixedOffsetZone } from 'luxon';
import { checkInterval, checkTime, checkTimeZone } from '../contract/input-rules.js';
import type { RelativeUnit } from '../contract/input-rules.js';
import { QueryParamError } from './query-param-error.js';
import type { Interval } from './time-grid.js';

/** A point in time as asked for: absolute, or an amount before "now" (resolved per report). */
export type TimeSpec =
  | { kind: 'at'; seconds: number }
  | { kind: 'ago'; amount: number; unit: RelativeUnit };

export const NOW: TimeSpec = { kind: 'ago', amount: 0, unit: 'minutes' };

/** A query's raw parameters: Express' `req.query` or a plain object. */
export type RawQuery = Record<string, unknown>;

/** One string parameter; absent → undefined; repeated or not a string → QueryParamError. */
export function stringParam(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new QueryParamError(name, 'give it once, as a single value');
  return value;
}

/** The contract's rule (`checkTime`), then what the time means: offset-less times are read in `zone`. */
export function parseTimeSpec(name: string, value: string, zone: string): TimeSpec {
  const checked = checkTime(value);
  if (!checked.ok) throw new QueryParamError(name, checked.problem);
  const time = checked.value;
  if (time.kind === 'ago') return time;
  const { kind: _calendar, offsetMinutes, ...fields } = time;
  const local = DateTime.fromObject(fields, { zone: offsetMinutes === undefined ? zone : FixedOffsetZone.instance(offsetMinutes) });
  return { kind: 'at', seconds: Math.floor(local.toSeconds()) };
}

/** Unix seconds; days and weeks ago are calendar days in `zone` (a DST day is 23 or 25 hours). */
export function resolveTime(spec: TimeSpec, now: number, zone: string): number {
  if (spec.kind === 'at') return spec.seconds;
  if (spec.unit === 'minutes' || spec.unit === 'hours') {
    return now - spec.amount * (spec.unit === 'minutes' ? 60 : 3600);
  }
  return Math.floor(DateTime.fromSeconds(now, { zone }).minus({ [spec.unit]: spec.amount }).toSeconds());
}

export function parseTimeZone(raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  const checked = checkTimeZone(raw);
  if (!checked.ok) throw new QueryParamError('tz', checked.problem);
  return checked.value;
}

export function parseInterval(value: string | undefined): Interval | undefined {
  if (value === undefined) return undefined;
  const checked = checkInterval(value);
  if (!checked.ok) throw new QueryParamError('interval', checked.problem);
  return checked.value;
}
