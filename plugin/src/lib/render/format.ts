const NUMBER = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** "1 request", "1,234 requests". */
export function countOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export const APPROXIMATE_NOTE = '(approximate: some numbers come from coarser buckets than asked for, e.g. breakdowns kept per hour)';
export const HOURLY_BREAKDOWNS_NOTE = '(approximate: breakdowns are kept per hour, and this range is not whole hours)';

/** "42%" of `total`, with one decimal below 10% so small shares do not all read "0%". */
export function formatShare(n: number, total: number): string {
  if (total <= 0) return '0%';
  const percent = (n / total) * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** "2026-11-23T06:00:00+05:30" → "2026-11-23 06:00": the API's times are already local to the tz. */
export function localTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** "2026-11-23 06:00 – 2026-11-24 06:00", in the report's tz. */
export function describeRange(since: string, until: string): string {
  return `${localTime(since)} – ${localTime(until)}`;
}

/** A change in percent: "+12 %", "−2.5 %", "±0 %"; null (nothing to compare with) as "new". */
export function formatChange(percent: number | null): string {
  if (percent === null) return 'new';
  if (percent === 0) return '±0 %';
  const size = Math.abs(percent);
  return `${percent > 0 ? '+' : '−'}${size >= 10 ? Math.round(size) : size} %`;
}

/** An instant ("2026-11-23T08:15:30.000Z") as "2026-11-23 13:45" in the IANA zone `tz`. */
export function zonedMinute(iso: string, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
