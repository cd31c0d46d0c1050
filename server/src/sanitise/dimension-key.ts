import type { Dimension } from '../model/levels.js';

/**
 * The one rule that makes a dimension key safe for both databases. Keys come from log lines,
 * which anyone who can send a request to the app partly controls (`/%00` decodes to U+0000,
 * which PostgreSQL refuses in text), so every key a count row gets passes through here:
 * - C0 control characters and DEL are replaced by their percent escape (`/%00` stays `/%00`);
 * - lone UTF-16 surrogates become U+FFFD, so the key encodes as valid UTF-8 (invalid UTF-8 bytes
 *   already became U+FFFD when the parser decoded them) — the same text on both stores;
 * - each dimension has a length cap (a 3 kB method would exceed PostgreSQL's btree row limit):
 *   longer keys are cut and end in `…`.
 * Idempotent: a safe key is returned as it is.
 */

/** Dimensions whose rows carry a key (the others have the empty key). */
export type KeyedDimension = Exclude<Dimension, 'all' | 'error' | 'lost'>;
export const KEYED_DIMENSIONS: readonly KeyedDimension[] = ['status', 'method', 'path', 'dyno', 'code', 'service'];

/** Longest key stored per dimension, in UTF-16 code units (at most 3 bytes each in UTF-8). */
export const MAX_KEY_LENGTH: Readonly<Record<KeyedDimension, number>> = {
  status: 3,
  // The longest registered HTTP method is 17 characters (UPDATEREDIRECTREF).
  method: 24,
  // A 10 KB path is an attack, not a page.
  path: 200,
  dyno: 64,
  code: 16,
  service: 8,
};

const ELLIPSIS = '…';
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const percentEscape = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

function isPrintableAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** `key` cut to `max` code units ending in `…`, never between the two halves of a surrogate pair. */
function capLength(key: string, max: number): string {
  if (key.length <= max) return key;
  let end = max - ELLIPSIS.length;
  const last = key.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return key.slice(0, end) + ELLIPSIS;
}

/** The key as stored: see the module comment. */
export function safeDimensionKey(dim: KeyedDimension, key: string): string {
  const max = MAX_KEY_LENGTH[dim];
  if (key.length <= max && isPrintableAscii(key)) return key;
  return capLength(key.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, percentEscape), max);
}
