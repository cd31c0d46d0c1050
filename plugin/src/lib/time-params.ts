/**
 * Local checks of the time options, so that a typo fails at once, before any request.
 * The server applies the same rules (and is the authority on what the values mean).
 */

const RELATIVE = /^\d+(m|h|d|w)$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Throws oclif shows as "Parsing --<flag>" followed by the message. */
export function checkTime(value: string): string {
  const trimmed = value.trim();
  if (trimmed === 'now' || RELATIVE.test(trimmed)) return trimmed;
  if (ISO_8601.test(trimmed) && !Number.isNaN(Date.parse(trimmed.replace(' ', 'T')))) return trimmed;
  throw new Error(
    `Expected an ISO 8601 time like 2026-11-23T06:00Z, a relative time like 90m, 24h, 7d or 4w, or now (got "${value}")`,
  );
}

export function checkTimeZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    throw new Error(`Unknown time zone "${value}": use an IANA name like Europe/Berlin, America/New_York or UTC`);
  }
}
