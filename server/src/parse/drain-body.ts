import { BYTES } from './bytes.js';
import { bytesAt } from './byte-strings.js';
import { forEachFrame } from './frames.js';
import { lostLineCount } from './lost-lines.js';
import { parseRouterLine } from './router-line.js';
import type { RouterRequest } from './router-line.js';
import { parseTimestamp } from './timestamp.js';

const { COLON, DASH, GT, HEROKU_SP, HOST_SP, LOGPLEX_SP, LT, ONE, ROUTER_SP, SP, UPPER_T } = BYTES;

export type { RouterRequest } from './router-line.js';

/** Lines Logplex dropped (L10), stamped with the notice's own time (unix ms). */
export interface LostLines {
  time: number;
  count: number;
}

export interface ParsedBody {
  requests: RouterRequest[];
  lost: LostLines[];
  /** Frames found in the body (compare with Logplex-Msg-Count). */
  frames: number;
  /** Frames with a wrong length, stray bytes, malformed syslog headers or router lines without a valid time. */
  parseErrors: number;
}

const MIN_TIMESTAMP_LENGTH = 20;


/**
 * The end of the space-delimited field starting at `at` (the space's index), or -1. Header
 * fields are short: a loop beats the call overhead of Buffer#indexOf.
 */
function fieldEnd(b: Buffer, at: number, end: number): number {
  for (let i = at; i < end; i++) if (b[i] === SP) return i;
  return -1;
}

/**
 * The end of the timestamp field starting at `at`, or -1 when it is not an RFC 3339 time (which
 * Logplex always sends: a message without one is damage, a parse error). An RFC 3339 time has at
 * least 20 bytes and no space, so we skip those bytes without looking.
 */
function timestampEnd(b: Buffer, at: number, end: number): number {
  const looksRfc3339 = b[at + 4] === DASH && b[at + 7] === DASH && b[at + 10] === UPPER_T && b[at + 13] === COLON && b[at + 16] === COLON;
  return looksRfc3339 ? fieldEnd(b, at + MIN_TIMESTAMP_LENGTH, end) : -1;
}

type Source = 'router' | 'logplex' | 'other';

/** Reads one `<PRI>1 TIMESTAMP HOST APPNAME PROCID MSGID MSG` message into `out`. */
function parseMessage(b: Buffer, start: number, end: number, out: ParsedBody): void {
  if (b[start] !== LT) {
    out.parseErrors++;
    return;
  }
  let gt = start + 1;
  while (gt < end && gt < start + 5 && b[gt] !== GT) gt++;
  const versionEnd = b[gt] !== GT ? -1 : b[gt + 1] === ONE && b[gt + 2] === SP ? gt + 2 : fieldEnd(b, gt + 1, end);
  const tsEnd = versionEnd < 0 ? -1 : timestampEnd(b, versionEnd + 1, end);
  const hostEnd = tsEnd < 0 ? -1 : bytesAt(b, tsEnd + 1, HOST_SP) ? tsEnd + 5 : fieldEnd(b, tsEnd + 1, end);
  if (hostEnd < 0) {
    out.parseErrors++;
    return;
  }
  const appStart = hostEnd + 1;
  // Only `heroku router` and `heroku logplex` lines matter; everything else is rejected here.
  if (!bytesAt(b, appStart, HEROKU_SP)) return;
  const procStart = appStart + 7;
  const source: Source = bytesAt(b, procStart, ROUTER_SP) ? 'router' : bytesAt(b, procStart, LOGPLEX_SP) ? 'logplex' : 'other';
  if (source === 'other') return;
  const time = parseTimestamp(b, versionEnd + 1, tsEnd);
  const msgIdEnd = fieldEnd(b, procStart + source.length + 1, end);
  if (Number.isNaN(time) || msgIdEnd < 0) {
    out.parseErrors++;
    return;
  }
  if (source === 'router') {
    out.requests.push(parseRouterLine(b, msgIdEnd + 1, end, time));
    return;
  }
  const count = lostLineCount(b, msgIdEnd + 1, end);
  if (Number.isNaN(count)) out.parseErrors++;
  else if (count !== null && count > 0) out.lost.push({ time, count });
}

/** Parses a whole logplex POST body. Never throws: what cannot be read is counted in parseErrors. */
export function parseDrainBody(body: Buffer): ParsedBody {
  const out: ParsedBody = { requests: [], lost: [], frames: 0, parseErrors: 0 };
  const framing = forEachFrame(body, (start, end) => parseMessage(body, start, end, out));
  out.frames = framing.frames;
  out.parseErrors += framing.badFrames;
  return out;
}
