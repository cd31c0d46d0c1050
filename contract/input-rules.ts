/**
 * The one set of rules for the developer API's query parameters and the `timezone` provision
 * option, compiled into both the server (`server/src/contract`) and the CLI plugin
 * (`plugin/src/contract`): a value the plugin accepts is one the server accepts, with the same
 * meaning. No imports, so that the plugin pulls in no server code; what a time means in a zone
 * (luxon) stays on the server.
 */

export const INTERVALS = ['minute', 'hour', 'day'] as const;
export const TOP_DIMENSIONS = ['path', 'status', 'method', 'dyno', 'code'] as const;
export const DEFAULT_TOP_DIMENSION = 'path';
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** What `/counts?compare=` sets the range against. */
export const COMPARE_KINDS = ['previous', 'week', 'year'] as const;

/** A verdict: the value, or what is wrong with it (a phrase to follow "<name>: "). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(problem: string): Checked<T> => ({ ok: false, problem });

// ---- times ----------------------------------------------------------------------------------

export const TIME_HELP = 'expected an ISO 8601 time (e.g. 2026-11-23T06:00:00Z), a relative time like 90m, 24h, 7d or 4w, or now';
export const OFFSET_HELP = 'UTC offsets run from -14:00 to +14:00';

export const RELATIVE_UNITS = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;
export type RelativeUnit = (typeof RELATIVE_UNITS)[keyof typeof RELATIVE_UNITS];

/** A time as written: "now", an amount ago, or a calendar time with or without a UTC offset. */
export type TimeInput =
  | { kind: 'ago'; amount: number; unit: RelativeUnit }
  | {
      kind: 'calendar';
      year: number;
      month: number;
      day: number;
      hour: number;
      minute: number;
      second: number;
      millisecond: number;
      /** Minutes east of UTC; undefined: read in the query's time zone. */
      offsetMinutes: number | undefined;
    };

/** Up to six digits: 999999 days is already far before 1970. */
const RELATIVE = /^(\d{1,6})([mhdw])$/;
/**
 * `YYYY-MM-DD`, optionally `THH:MM`, `:SS`, `.fraction`, and `Z` or `±HH[:MM]`. A space before
 * the offset is read as `+`: that is what an unencoded `+05:30` becomes in a query string.
 */
const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+\- ])(\d{2})(?::?(\d{2}))?)?)?$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function checkTime(value: string): Checked<TimeInput> {
  if (value === 'now') return ok({ kind: 'ago', amount: 0, unit: 'minutes' });
  const relative = RELATIVE.exec(value);
  if (relative) return ok({ kind: 'ago', amount: Number(relative[1]), unit: RELATIVE_UNITS[relative[2] as keyof typeof RELATIVE_UNITS] });
  const m = CALENDAR.exec(value);
  if (!m) return bad(TIME_HELP);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return bad(TIME_HELP);
  }
  let offsetMinutes: number | undefined;
  if (m[8] === 'Z') offsetMinutes = 0;
  else if (m[9] !== undefined) {
    const [hours, minutes] = [Number(m[10]), Number(m[11] ?? 0)];
    if (minutes > 59 || hours * 60 + minutes > 14 * 60) return bad(OFFSET_HELP);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const millisecond = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  return ok({ kind: 'calendar', year, month, day, hour, minute, second, millisecond, offsetMinutes });
}

// ---- time zones -----------------------------------------------------------------------------

/**
 * IANA names that ICU (and so `Intl.supportedValuesOf`) lists under an older one: people write
 * these, so they are offered and kept as written.
 */
const CURRENT_NAMES = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];

function resolvedZone(value: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every zone a user is offered (the dashboard's picker), in canonical spelling, sorted. */
export const TIME_ZONES: readonly string[] = [
  ...new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), ...CURRENT_NAMES.filter((zone) => resolvedZone(zone) !== undefined)]),
].sort();

const SPELLING = new Map(TIME_ZONES.map((zone) => [zone.toLowerCase(), zone]));

export const TIME_ZONE_HELP = 'is not an IANA time zone name like UTC, Europe/Berlin or Asia/Kolkata';

/**
 * An IANA zone in its canonical spelling: `europe/berlin` → `Europe/Berlin`, a zone of the list
 * in any case → the list's spelling, another alias → ICU's name for it (`US/Pacific` →
 * `America/Los_Angeles`). A space is read as `+` (`Etc/GMT+5` unencoded in a query string).
 */
export function checkTimeZone(raw: string): Checked<string> {
  const value = raw.replace(/ /g, '+');
  const resolved = resolvedZone(value);
  if (resolved === undefined) return bad(`${JSON.stringify(value)} ${TIME_ZONE_HELP}`);
  return ok(SPELLING.get(value.toLowerCase()) ?? SPELLING.get(resolved.toLowerCase()) ?? resolved);
}

// ---- interval, by, limit --------------------------------------------------------------------

export type IntervalName = (typeof INTERVALS)[number];
export type TopDimensionName = (typeof TOP_DIMENSIONS)[number];

export function checkInterval(value: string): Checked<IntervalName> {
  return (INTERVALS as readonly string[]).includes(value) ? ok(value as IntervalName) : bad('expected minute, hour or day');
}

export function checkBy(value: string): Checked<TopDimensionName> {
  return (TOP_DIMENSIONS as readonly string[]).includes(value) ? ok(value as TopDimensionName) : bad(`expected one of ${TOP_DIMENSIONS.join(', ')}`);
}

export function checkLimit(value: string): Checked<number> {
  const limit = Number(value);
  return /^\d+$/.test(value) && limit >= 1 && limit <= MAX_LIMIT ? ok(limit) : bad(`expected a whole number from 1 to ${MAX_LIMIT}`);
}
