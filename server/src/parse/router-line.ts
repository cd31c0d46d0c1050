import { BYTES } from './bytes.js';
import { HASH_SEED, byteCache, bytesEqual, hashStep } from './byte-strings.js';
import { normalisedPathOf } from './normalise-path.js';

const { BACKSLASH, EQ, ERROR, QUOTE, SP, ZERO } = BYTES;

/**
 * The fields we count from one Heroku router line (`at=info method=GET path="/" … status=200`),
 * read by key straight from the bytes. Legacy and Router 2.0 lines (extra `tls`, `tls_version`)
 * and `at=error code=H..` lines all have the same keys we need; the rest are skipped.
 */
export interface RouterRequest {
  /** Unix milliseconds (UTC): the line's own timestamp. */
  time: number;
  method: string;
  /** HTTP status, or null when the router logged none (e.g. H24). */
  status: number | null;
  /** Normalised path (see normalise-path.ts). */
  path: string;
  /** '' when no dyno served the request. */
  dyno: string;
  /** Router error code like 'H12'; '' when the line has none. */
  code: string;
  /** Service time in milliseconds; null when empty. */
  serviceMs: number | null;
  /** The line says `at=error`. */
  atError: boolean;
}


/**
 * Interned strings for short repeating values: methods, dyno names, router codes. Values are
 * UTF-8 (invalid sequences become U+FFFD); making them safe to store is the aggregate's job.
 */
const strings = byteCache((b, start, end) => b.toString('utf8', start, end), 1000);

/** The leading decimal number of `b[start, end)` (`37ms` → 37), or null when there is none. */
function leadingNumber(b: Buffer, start: number, end: number): number | null {
  let n = 0;
  let i = start;
  for (; i < end; i++) {
    const d = (b[i] as number) - ZERO;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i === start ? null : n;
}

function statusOf(b: Buffer, start: number, end: number): number | null {
  const status = end - start === 3 ? leadingNumber(b, start, end) : null;
  return status !== null && status >= 100 ? status : null;
}

/** The hash the tokeniser computes while it scans a key (cheaper than comparing key strings). */
function keyHash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h;
}

/** Wanted fields as small integers: switching on them is cheaper than on strings. */
const enum Field {
  None,
  At,
  Code,
  Path,
  Dyno,
  Method,
  Status,
  Service,
  RequestId,
}

const AT = keyHash('at');
const CODE = keyHash('code');
const PATH = keyHash('path');
const DYNO = keyHash('dyno');
const METHOD = keyHash('method');
const STATUS = keyHash('status');
const SERVICE = keyHash('service');
const REQUEST_ID = keyHash('request_id');

/** The wanted field a scanned key is (by hash and length). */
function fieldOf(hash: number, length: number): Field {
  switch (hash) {
    case AT:
      return length === 2 ? Field.At : Field.None;
    case CODE:
      return length === 4 ? Field.Code : Field.None;
    case PATH:
      return length === 4 ? Field.Path : Field.None;
    case DYNO:
      return length === 4 ? Field.Dyno : Field.None;
    case METHOD:
      return length === 6 ? Field.Method : Field.None;
    case STATUS:
      return length === 6 ? Field.Status : Field.None;
    case SERVICE:
      return length === 7 ? Field.Service : Field.None;
    case REQUEST_ID:
      return length === 10 ? Field.RequestId : Field.None;
    default:
      return Field.None;
  }
}

/**
 * Where the last scanned value lies. One reused object instead of a fresh one per value: this
 * runs a dozen times per line.
 */
const value = { start: 0, end: 0, next: 0, hashEnd: 0, hash: 0 };

/** The index of the quote closing a quoted value whose content starts at `at`, or `end`. */
function closingQuote(b: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end) {
    const c = b[i];
    if (c === QUOTE) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
  return end;
}

/** Scans the value starting at `at` (quoted or bare) and records its bounds in `value`. */
function skipValue(b: Buffer, at: number, end: number): void {
  if (b[at] === QUOTE) {
    value.start = at + 1;
    value.end = closingQuote(b, at + 1, end);
    value.next = value.end + 2;
    return;
  }
  let i = at;
  while (i < end && b[i] !== SP) i++;
  value.start = at;
  value.end = i;
  value.next = i + 1;
}

/** Like skipValue, also hashing the value's bytes into `value.hash` up to `value.hashEnd`. */
function hashValue(b: Buffer, at: number, end: number): void {
  const quoted = b[at] === QUOTE;
  const stop = quoted ? QUOTE : SP;
  let i = quoted ? at + 1 : at;
  value.start = i;
  let h = HASH_SEED;
  while (i < end) {
    const c = b[i] as number;
    // An escaped character ends the hashed part (rare: the value is then the part before it).
    if (c === stop || (quoted && c === BACKSLASH)) break;
    h = hashStep(h, c);
    i++;
  }
  value.hashEnd = i;
  value.hash = h;
  if (quoted) {
    value.end = closingQuote(b, i, end);
    value.next = value.end + 2;
    return;
  }
  while (i < end && b[i] !== SP) i++;
  value.end = i;
  value.next = i + 1;
}

/** The path value: normalised while scanned, then the query string skipped. */
function readPath(request: RouterRequest, b: Buffer, at: number, end: number): void {
  const quoted = b[at] === QUOTE;
  value.start = quoted ? at + 1 : at;
  const path = normalisedPathOf(b, value.start, end, quoted);
  request.path = path.key;
  if (quoted) {
    value.end = closingQuote(b, path.end, end);
    value.next = value.end + 2;
    return;
  }
  let i = path.end;
  while (i < end && b[i] !== SP) i++;
  value.end = i;
  value.next = i + 1;
}

const INTERNED_SLOTS = 1024;
const MAX_INTERNED_LENGTH = 64;
/** Short bare values by a cheap hash; a hit is confirmed byte for byte, so it is exact. */
const interned = new Array<string>(INTERNED_SLOTS).fill('');

function sameLatin1(b: Buffer, start: number, end: number, s: string): boolean {
  if (s.length !== end - start) return false;
  for (let i = start; i < end; i++) if (b[i] !== s.charCodeAt(i - start)) return false;
  return true;
}

function internedValue(b: Buffer, at: number, end: number): string {
  if (b[at] !== QUOTE) {
    let h = 0;
    let high = 0;
    let i = at;
    for (; i < end; i++) {
      const c = b[i] as number;
      if (c === SP) break;
      h = (Math.imul(h, 31) + c) | 0;
      high |= c;
    }
    value.start = at;
    value.end = i;
    value.next = i + 1;
    // Only short ASCII is interned: the hit check compares bytes with code units, and a long
    // value (an attack, not a method) must not stay in memory.
    if (high >= 0x80 || i - at > MAX_INTERNED_LENGTH) return b.toString('utf8', at, i);
    const slot = (h ^ (h >>> 10)) & (INTERNED_SLOTS - 1);
    const hit = interned[slot] as string;
    if (hit.length > 0 && sameLatin1(b, at, i, hit)) return hit;
    const fresh = b.toString('latin1', at, i);
    interned[slot] = fresh;
    return fresh;
  }
  hashValue(b, at, end);
  return strings.get(value.hash, b, value.start, value.hashEnd, b, value.start, value.hashEnd);
}

/** Reads the value of `field` starting at `at` into `request`; leaves its bounds in `value`. */
function readField(request: RouterRequest, field: Field, b: Buffer, at: number, end: number): void {
  switch (field) {
    case Field.Path:
      readPath(request, b, at, end);
      return;
    case Field.Dyno:
      request.dyno = internedValue(b, at, end);
      return;
    case Field.Method:
      request.method = internedValue(b, at, end);
      return;
    case Field.Code:
      request.code = internedValue(b, at, end);
      return;
    case Field.RequestId: {
      // Not wanted, but long (a UUID, or 20–200 characters the client chose): memchr beats a loop.
      const space = b[at] === QUOTE ? -1 : b.indexOf(SP, at);
      if (space >= 0 && space < end) {
        value.next = space + 1;
        return;
      }
      break;
    }
    default:
      break;
  }
  skipValue(b, at, end);
  if (field === Field.At) request.atError = bytesEqual(b, value.start, value.end, ERROR);
  else if (field === Field.Status) request.status = statusOf(b, value.start, value.end);
  else if (field === Field.Service) request.serviceMs = leadingNumber(b, value.start, value.end);
}

const ALWAYS_WANTED =
  (1 << Field.At) | (1 << Field.Method) | (1 << Field.Path) | (1 << Field.Dyno) | (1 << Field.Service) | (1 << Field.Status);
/** Only `at=error` lines carry a router error code. */
const CODE_WANTED = 1 << Field.Code;

/**
 * Reads the logfmt message `b[start, end)` of a router line stamped `time`, in one pass over
 * the bytes: keys are hashed while scanned, values skipped or hashed, and only new values
 * become strings. (A plain loop beats Buffer#indexOf here: tokens are short and each indexOf
 * call costs more than scanning a few dozen bytes.)
 */
export function parseRouterLine(b: Buffer, start: number, end: number, time: number): RouterRequest {
  const request: RouterRequest = { time, method: '', status: null, path: '', dyno: '', code: '', serviceMs: null, atError: false };
  let i = start;
  let seen = 0;
  while (i < end) {
    const keyStart = i;
    let hash = 0;
    let c = b[i];
    while (i < end && c !== EQ && c !== SP) {
      hash = (Math.imul(hash, 31) + (c as number)) | 0;
      c = b[++i];
    }
    if (i >= end) break;
    if (c === SP) {
      i++; // a bare word or a double space
      continue;
    }
    const field = fieldOf(hash, i - keyStart);
    i++;
    if (field === Field.None && b[i] !== QUOTE) {
      // The common case, inline: an unwanted bare value.
      while (i < end && b[i] !== SP) i++;
      i++;
      continue;
    }
    readField(request, field, b, i, end);
    i = value.next;
    seen |= 1 << field;
    // Heroku puts every wanted key before `bytes`, `protocol` and the TLS fields: stop once all
    // are read (a key repeated after that is ignored).
    if ((seen & ALWAYS_WANTED) === ALWAYS_WANTED && (!request.atError || (seen & CODE_WANTED) !== 0)) break;
  }
  return request;
}
