import { byteCache, hashBytes } from './byte-strings.js';

/**
 * Turns a router `path` (with query string, possibly raw UTF-8 or percent-encoded) into the
 * key we count under: query and fragment dropped, numeric ids, UUIDs and long hex tokens
 * replaced by `:id`, percent-encoding decoded where it is valid UTF-8.
 */

/** Longest key we store; longer paths are cut (a 10 KB path is an attack, not a page). */
export const MAX_PATH_KEY_LENGTH = 200;
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

function truncate(key: string): string {
  return key.length <= MAX_PATH_KEY_LENGTH ? key : `${key.slice(0, MAX_PATH_KEY_LENGTH - 1)}…`;
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
  return truncate(key);
}

const QUESTION_MARK = 0x3f;
const HASH = 0x23;

/** Normalised keys by raw path bytes (query already cut off). */
export const pathKeyCache = byteCache((b, start, end) => normalisePath(b.toString('utf8', start, end)), CACHE_CAPACITY);

/** The end of the path proper in `b[start, end)`: where the query string or fragment starts. */
export function pathEnd(b: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && b[i] !== QUESTION_MARK && b[i] !== HASH) i++;
  return i;
}

/** The normalised key for the path bytes `b[start, end)`, through the cache. */
export function normalisedPathOf(b: Buffer, start: number, end: number): string {
  const bare = pathEnd(b, start, end);
  const { h1, h2 } = hashBytes(b, start, bare);
  return pathKeyCache.get(h1, h2, b, start, bare);
}
