import { BYTES } from './bytes.js';

const { SP, ZERO } = BYTES;
/**
 * Logplex's buffer-overflow notice, in either wording:
 * `Error L10 (output buffer overflow): 500 messages dropped since 2013-04-17T19:04:46+00:00.`
 * `Error L10 (output buffer overflow): drain 'd.…' dropped 2 messages since ….`
 */

/**
 * More lines than Logplex could drop in one notice (a day of 10,000 lines/s is ~10^9): a larger
 * count is not believed, so running totals stay exact integers in both databases.
 */
export const MAX_LOST_PER_NOTICE = 1_000_000_000;
/** A count with more digits is certainly over the maximum: not even converted. */
const MAX_COUNT_DIGITS = 10;

/**
 * The number of dropped lines an L10 message reports, null when it is not an L10 message, or NaN
 * when the count is over MAX_LOST_PER_NOTICE (the caller counts a parse error).
 */
export function lostLineCount(b: Buffer, start: number, end: number): number | null {
  const l10 = b.indexOf('Error L10', start, 'latin1');
  if (l10 < 0 || l10 >= end) return null;
  const messages = b.indexOf(' messages', l10, 'latin1');
  if (messages < 0 || messages >= end) return null;
  let first = messages;
  while (first > l10 && (b[first - 1] as number) >= ZERO && (b[first - 1] as number) <= ZERO + 9) first--;
  if (first === messages || b[first - 1] !== SP) return null;
  if (messages - first > MAX_COUNT_DIGITS) return NaN;
  const count = Number(b.toString('latin1', first, messages));
  return count <= MAX_LOST_PER_NOTICE ? count : NaN;
}
