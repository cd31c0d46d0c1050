/**
 * Logplex's buffer-overflow notice, in either wording:
 * `Error L10 (output buffer overflow): 500 messages dropped since 2013-04-17T19:04:46+00:00.`
 * `Error L10 (output buffer overflow): drain 'd.…' dropped 2 messages since ….`
 */

const ZERO = 0x30;
const SP = 0x20;

/** The number of dropped lines an L10 message reports, or null when it is not an L10 message. */
export function lostLineCount(b: Buffer, start: number, end: number): number | null {
  const l10 = b.indexOf('Error L10', start, 'latin1');
  if (l10 < 0 || l10 >= end) return null;
  const messages = b.indexOf(' messages', l10, 'latin1');
  if (messages < 0 || messages >= end) return null;
  let first = messages;
  while (first > l10 && (b[first - 1] as number) >= ZERO && (b[first - 1] as number) <= ZERO + 9) first--;
  if (first === messages || b[first - 1] !== SP) return null;
  return Number(b.toString('latin1', first, messages));
}
