import { BYTES } from './bytes.js';

const { CR, GT, LF, LT, NINE, ONE, SP, TAB, ZERO } = BYTES;
/**
 * Logplex body framing, on bytes: RFC 6587 octet counting (`<len> SP <msg>`, frames glued
 * together with no separator), with newline framing as the fallback for frames that carry no
 * length prefix. A length prefix is trusted only when the message starts like a syslog message,
 * its claimed end is the body's end or the start of a frame, and no frame starts on a line of
 * its own inside it (Logplex puts one line in a message; an over-long prefix would swallow the
 * frames it covers). A wrong length prefix costs only its own frame: we resynchronise on the
 * next `<digits> <PRI>1 ` or `<PRI>1 ` boundary (at the body's start, after a newline, a space
 * or a tab).
 */

/** A frame is at most ~10 KB, so its length has at most 6 digits; longer digit runs are not lengths. */
const MAX_LENGTH_DIGITS = 6;

export interface FramingResult {
  frames: number;
  /** Frames with a wrong or missing length, and stray bytes between frames. */
  badFrames: number;
}

/** Called with the byte range of one message (without its length prefix or trailing newline). */
export type FrameVisitor = (start: number, end: number) => void;

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= ZERO && byte <= NINE;

function skipSeparators(body: Buffer, at: number): number {
  let i = at;
  while (i < body.length) {
    const byte = body[i];
    if (byte !== LF && byte !== CR && byte !== SP && byte !== TAB) break;
    i++;
  }
  return i;
}

function digitsEnd(body: Buffer, at: number): number {
  let i = at;
  while (i < body.length && isDigit(body[i])) i++;
  return i;
}

/** `<PRI>1 ` starts at `at` (PRI is 1–3 digits). */
function isSyslogHeader(body: Buffer, at: number): boolean {
  if (body[at] !== LT) return false;
  const end = digitsEnd(body, at + 1);
  const digits = end - at - 1;
  return digits >= 1 && digits <= 3 && body[end] === GT && body[end + 1] === ONE && body[end + 2] === SP;
}

/** A frame starts at `at`, after optional separators: `<digits> <PRI>1 ` or a bare `<PRI>1 `. */
function isFrameStart(body: Buffer, at: number): boolean {
  const i = skipSeparators(body, at);
  if (body[i] === LT) return isSyslogHeader(body, i);
  const end = digitsEnd(body, i);
  // Any number of digits: a frame with an absurd length prefix still starts here.
  return end > i && body[end] === SP && isSyslogHeader(body, end + 1);
}

/** A line inside `[start, end)` (not counting a final newline) starts a frame. */
function holdsFrame(body: Buffer, start: number, end: number): boolean {
  let lf = body.indexOf(LF, start);
  while (lf >= 0 && lf < end - 1) {
    if (isFrameStart(body, lf + 1)) return true;
    lf = body.indexOf(LF, lf + 1);
  }
  return false;
}

/** After optional separators, a length prefix (`<digits> `) starts at `at`. */
function isPrefixStart(body: Buffer, at: number): boolean {
  const i = skipSeparators(body, at);
  const end = digitsEnd(body, i);
  return end > i && end - i <= MAX_LENGTH_DIGITS && body[end] === SP;
}

/**
 * The message `[start, end)` that a length prefix claims is one whole frame: it starts like a
 * syslog message, no line inside it starts a frame, and only separators up to the body's end or
 * a frame follow (or the message ends a line and the next frame's length prefix follows, whatever that
 * frame holds: its own problem).
 */
function isWholeFrame(body: Buffer, start: number, end: number): boolean {
  if (end <= start || end > body.length || !isSyslogHeader(body, start) || holdsFrame(body, start, end)) return false;
  return skipSeparators(body, end) === body.length || isFrameStart(body, end) || (body[end - 1] === LF && isPrefixStart(body, end));
}

/**
 * Where the next frame starts at or after `from` (its length prefix, if any), or the body's end:
 * a syslog header at the body's start or after a newline, space or tab; after a space, the
 * digits before it are its length prefix.
 */
function nextFrameStart(body: Buffer, from: number): number {
  let lt = body.indexOf(LT, from);
  while (lt >= 0) {
    if (isSyslogHeader(body, lt)) {
      const before = body[lt - 1];
      if (lt === 0 || before === LF || before === CR || before === TAB) return lt;
      if (before === SP) {
        let digit = lt - 1;
        while (digit > from && lt - 1 - digit < MAX_LENGTH_DIGITS && isDigit(body[digit - 1])) digit--;
        return digit < lt - 1 ? digit : lt;
      }
    }
    lt = body.indexOf(LT, lt + 1);
  }
  return body.length;
}

function trimNewlines(body: Buffer, start: number, end: number): number {
  let e = end;
  while (e > start && (body[e - 1] === LF || body[e - 1] === CR)) e--;
  return e;
}

function readLength(body: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + ((body[i] as number) - ZERO);
  return n;
}

/** Walks the frames of a logplex body, calling `visit` with each message's byte range. */
export function forEachFrame(body: Buffer, visit: FrameVisitor): FramingResult {
  let frames = 0;
  let badFrames = 0;
  let p = skipSeparators(body, 0);
  while (p < body.length) {
    const lengthEnd = digitsEnd(body, p);
    if (lengthEnd > p && lengthEnd - p <= MAX_LENGTH_DIGITS && body[lengthEnd] === SP) {
      const msgStart = lengthEnd + 1;
      const msgEnd = msgStart + readLength(body, p, lengthEnd);
      frames++;
      if (isWholeFrame(body, msgStart, msgEnd)) {
        visit(msgStart, trimNewlines(body, msgStart, msgEnd));
        p = skipSeparators(body, msgEnd);
        continue;
      }
      badFrames++;
      const next = nextFrameStart(body, msgStart + 1);
      // A claimed end before the next frame that ends a line is the message's end: what follows
      // it is stray bytes (this one bad frame). Otherwise the message runs to the next frame.
      const end = msgEnd > msgStart && msgEnd <= next && body[msgEnd - 1] === LF ? msgEnd : next;
      // Not a syslog message: this bad frame is all there is to count.
      if (body[msgStart] === LT) visit(msgStart, trimNewlines(body, msgStart, end));
      p = skipSeparators(body, next);
      continue;
    }
    const next = nextFrameStart(body, p + 1);
    if (body[p] === LT) {
      frames++;
      visit(p, trimNewlines(body, p, next));
    } else {
      badFrames++;
    }
    p = skipSeparators(body, next);
  }
  return { frames, badFrames };
}
