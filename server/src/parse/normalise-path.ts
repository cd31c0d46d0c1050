import { BYTES } from './bytes.js';
import { MAX_KEY_LENGTH, safeDimensionKey } from '../sanitise/dimension-key.js';
import { HASH_SEED, byteCache, hashStep } from './byte-strings.js';

const { DASH, ID, NINE, SLASH, SP, ZERO } = BYTES;

/**
 * Turns a router `path` (with query string, possibly raw UTF-8 or percent-encoded) into the
 * key we count under: query and fragment dropped, numeric ids, UUIDs and long hex tokens
 * replaced by `:id`, percent-encoding decoded where it is valid UTF-8.
 */

/** Longest key we store; longer paths are cut (a 10 KB path is an attack, not a page). */
export const MAX_PATH_KEY_LENGTH = MAX_KEY_LENGTH.path;
const CACHE_CAPACITY = 20_000;

const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** At least 12 hex characters with at least one digit: object ids, digests, tokens. */
const LONG_HEX = /^(?=[a-f]*\d)[0-9a-f]{12,}$/i;

function isId(segment: string): boolean {
  return NUMERIC.test(segment) || UUID.test(segment) || LONG_HEX.test(segment);
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    // A decoded '/' would split the segment in two: keep it encoded.
    return decodeURIComponent(segment).replaceAll('/', '%2F');
  } catch {
    return segment;
  }
}

function withoutOrigin(path: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  return match ? path.slice(match[0].length) : path;
}

/** Normalises a path given as a UTF-8 string. */
export function normalisePath(path: string): string {
  let end = path.length;
  const query = path.indexOf('?');
  if (query >= 0) end = query;
  const fragment = path.indexOf('#');
  if (fragment >= 0 && fragment < end) end = fragment;
  const bare = withoutOrigin(path.slice(0, end));
  if (bare === '') return '/';
  const key = bare
    .split('/')
    .map((segment) => {
      const decoded = decodeSegment(segment);
      return isId(decoded) ? ':id' : decoded;
    })
    .join('/');
  // Made safe here already (it is what the cache holds); the aggregate applies the same rule.
  return safeDimensionKey('path', key);
}

const UUID_LENGTH = 36;
const LONG_HEX_LENGTH = 12;

/** Byte classes, as bits so a segment's classes can be OR-ed together while it is scanned. */
const DIGIT = 1;
const HEX_LETTER = 2;
const DASH_CLASS = 4;
const OTHER = 8;
/** Ends the path: query, fragment, or the end of the log value (quote, space, backslash). */
const STOP = 16;
const CLASS = new Uint8Array(256).fill(OTHER);
for (let c = ZERO; c <= NINE; c++) CLASS[c] = DIGIT;
for (const c of 'abcdefABCDEF') CLASS[c.charCodeAt(0)] = HEX_LETTER;
CLASS[DASH] = DASH_CLASS;
CLASS[SLASH] = 0;
for (const c of '?#" \\') CLASS[c.charCodeAt(0)] = STOP;
/** In a quoted value a space is part of the path. */
const QUOTED_CLASS = CLASS.slice();
QUOTED_CLASS[SP] = OTHER;

/** 8-4-4-4-12: dashes exactly at 8, 13, 18 and 23 (the caller checked the rest is hex or dash). */
function isUuid(b: Buffer, start: number): boolean {
  for (let i = 0; i < UUID_LENGTH; i++) {
    const dashHere = i === 8 || i === 13 || i === 18 || i === 23;
    if ((b[start + i] === DASH) !== dashHere) return false;
  }
  return true;
}

/** The byte-level twin of isId(): must agree with NUMERIC, UUID and LONG_HEX exactly. */
function isIdSegment(b: Buffer, start: number, length: number, classes: number): boolean {
  if (classes === DIGIT) return length > 0;
  if ((classes & (DASH_CLASS | OTHER)) === 0) return length >= LONG_HEX_LENGTH && (classes & DIGIT) !== 0;
  return length === UUID_LENGTH && (classes & OTHER) === 0 && isUuid(b, start);
}

/** Normalised keys by path shape. */
const pathKeys = byteCache((b, start, end) => normalisePath(b.toString('utf8', start, end)), CACHE_CAPACITY);
/**
 * The shape of the path being read: its bytes with each id-like segment written as `:id`, the
 * cache's key. Longer shapes are not cached (writes past the end of a typed array are dropped).
 */
const shape = new Uint8Array(256);

/**
 * The key for the path starting at `b[start]`, read up to `end`, a query string or fragment,
 * or a quote, backslash or (unless `quoted`) space, which end a logfmt value, and where it
 * stopped (returning both costs nothing measurable: bench/instructions.ts). One pass, and nearly always from the cache: paths repeat, but ids make
 * raw paths unique, so the cache is keyed by the path's shape, the bytes with each id-like
 * segment (digits, UUID, long hex) replaced by `:id`, hashed while scanned. Paths with the same
 * shape have the same key, so the first one's normalisation serves them all.
 */
export function normalisedPathOf(b: Buffer, start: number, end: number, quoted = false): { key: string; end: number } {
  let h = HASH_SEED;
  let k = 0;
  let i = start;
  const classOf = quoted ? QUOTED_CLASS : CLASS;
  for (;;) {
    // One segment: hash, copy and classify its bytes up to the next '/' or the end of the path.
    const segmentStart = i;
    const segmentHash = h;
    const segmentShape = k;
    let classes = 0;
    let cls = 0;
    let c = 0;
    while (i < end) {
      c = b[i] as number;
      cls = classOf[c] as number;
      if (cls === 0 || cls === STOP) break;
      classes |= cls;
      h = hashStep(h, c);
      shape[k++] = c;
      i++;
    }
    if (isIdSegment(b, segmentStart, i - segmentStart, classes)) {
      h = segmentHash;
      k = segmentShape;
      for (let j = 0; j < ID.length; j++) {
        h = hashStep(h, ID[j] as number);
        shape[k++] = ID[j] as number;
      }
    }
    if (i >= end || cls === STOP) break;
    h = hashStep(h, SLASH);
    shape[k++] = SLASH;
    i++;
  }
  return { key: pathKeys.get(h, shape, 0, k, b, start, i), end: i };
}
