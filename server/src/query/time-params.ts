import { DateTime, IANAZone } from 'luxon';
import { INTERVALS } from '../contract/input-rules.js';
import { QueryParamError } from './query-param-error.js';
import type { Interval } from './time-grid.js';

/** A point in time as asked for: absolute, or an amount before "now" (resolved per report). */
export type TimeSpec =
  | { kind: 'at'; seconds: number }
  | { kind: 'ago'; amount: number; unit: 'minutes' | 'hours' | 'days' | 'weeks' };

export const NOW: TimeSpec = { kind: 'ago', amount: 0, unit: 'minutes' };

/** A query's raw parameters: Express' `req.query` or a plain object. */
export type RawQuery = Record<string, unknown>;

const RELATIVE = /^(\d{1,6})(m|h|d|w)$/;
const RELATIVE_UNITS = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;
/** Kiribati is UTC+14:00; no zone is further from UTC. */
const MAX_OFFSET_MINUTES = 14 * 60;
const TIME_HELP = 'expected an ISO 8601 time (e.g. 2026-11-23T06:00:00Z), a relative time like 90m, 24h, 7d or 4w, or now';

/** One string parameter; absent → undefined; repeated or not a string → QueryParamError. */
export function stringParam(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new QueryParamError(name, 'give it once, as a single value');
  return value;
}

export function parseTimeSpec(name: string, value: string, zone: string): TimeSpec {
  if (value === 'now') return NOW;
  const relative = RELATIVE.exec(value);
  if (relative) {
    return { kind: 'ago', amount: Number(relative[1]), unit: RELATIVE_UNITS[relative[2] as keyof typeof RELATIVE_UNITS] };
  }
  // An unencoded "+05:30" in a query string arrives as " 05:30".
  const iso = value.replace(/(T[\d:.]+) (\d\d(:?\d\d)?)$/, '$1+$2');
  // Times without an offset are read in the query's time zone.
  const time = DateTime.fromISO(iso, { zone, setZone: true });
  if (!time.isValid || time.year < 1970 || time.year > 9999) throw new QueryParamError(name, TIME_HELP);
  if (Math.abs(time.offset) > MAX_OFFSET_MINUTES) throw new QueryParamError(name, 'UTC offsets run from -14:00 to +14:00');
  return { kind: 'at', seconds: Math.floor(time.toSeconds()) };
}

/** Unix seconds; days and weeks ago are calendar days in `zone` (a DST day is 23 or 25 hours). */
export function resolveTime(spec: TimeSpec, now: number, zone: string): number {
  if (spec.kind === 'at') return spec.seconds;
  if (spec.unit === 'minutes' || spec.unit === 'hours') {
    return now - spec.amount * (spec.unit === 'minutes' ? 60 : 3600);
  }
  return Math.floor(DateTime.fromSeconds(now, { zone }).minus({ [spec.unit]: spec.amount }).toSeconds());
}

// For spelling a zone given in other case as ICU does; zones ICU lists under an older name pass as given.
const KNOWN_ZONES = new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]));

export function parseTimeZone(raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  // An unencoded "+" (Etc/GMT+5) arrives as a space.
  const value = raw.replace(/ /g, '+');
  if (!IANAZone.isValidZone(value)) {
    throw new QueryParamError('tz', `${JSON.stringify(value)} is not an IANA time zone name like UTC, Europe/Berlin or Asia/Kolkata`);
  }
  return KNOWN_ZONES.get(value.toLowerCase()) ?? value;
}

export function parseInterval(value: string | undefined): Interval | undefined {
  if (value === undefined) return undefined;
  if (!(INTERVALS as readonly string[]).includes(value)) throw new QueryParamError('interval', 'expected minute, hour or day');
  return value as Interval;
}
