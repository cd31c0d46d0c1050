/**
 * Strings from byte ranges without paying for a fresh string every time. Values like paths,
 * dyno names and methods repeat line after line, and making a string from a Buffer costs far
 * more than hashing and comparing a few dozen bytes, so the tokeniser hashes a value while it
 * scans it and looks it up here. A hit is confirmed byte for byte: the caches are shared by
 * every resource of the process, so a crafted value whose hash collides with another
 * resource's must not be counted under that one's text. (Paths are keyed by shape, ids
 * replaced, see normalise-path.ts.)
 */

/** `expected`'s bytes are at `b[at]` (constants as Uint8Arrays: faster than charCodeAt here). */
export function bytesAt(b: Uint8Array, at: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) if (b[at + i] !== expected[i]) return false;
  return true;
}

export function bytesEqual(b: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  return end - start === expected.length && bytesAt(b, start, expected);
}

/** FNV-1a, updated one byte at a time: picks a cache slot and rejects most misses cheaply. */
export const HASH_SEED = 0x811c9dc5;
export const hashStep = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193);

/** Keys longer than this are not cached (derived every time): a long value is an attack, not a repeat. */
const MAX_CACHED_KEY_BYTES = 256;
const NO_KEY = new Uint8Array(0);

export interface ByteCache<T> {
  /**
   * The value for the key bytes `key[keyStart, keyEnd)`, which hash to `hash`; on a miss it
   * is derived from the bytes `b[start, end)` (which the key stands for).
   */
  get(hash: number, key: Uint8Array, keyStart: number, keyEnd: number, b: Buffer, start: number, end: number): T;
}

/**
 * A bounded cache from byte strings to values derived from them: direct-mapped (slot = the
 * hash's low bits, a newer entry replaces an older one in its slot), the hashes in a typed
 * array rather than a Map because int32 hashes outside the small-integer range would be boxed
 * as Map keys.
 */
export function byteCache<T>(derive: (b: Buffer, start: number, end: number) => T, capacity: number): ByteCache<T> {
  const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 2)));
  const mask = size - 1;
  const hashes = new Int32Array(size);
  const keys = new Array<Uint8Array>(size).fill(NO_KEY);
  const values = new Array<T | undefined>(size).fill(undefined);
  return {
    get(hash, key, keyStart, keyEnd, b, start, end) {
      const slot = hash & mask;
      const length = keyEnd - keyStart;
      const stored = keys[slot] as Uint8Array;
      if (hashes[slot] === (hash | 0) && stored.length === length && stored !== NO_KEY && bytesAt(key, keyStart, stored)) return values[slot] as T;
      const value = derive(b, start, end);
      if (length > 0 && length <= MAX_CACHED_KEY_BYTES) {
        hashes[slot] = hash;
        // A copy: a view would keep the whole body alive (and see its bytes change).
        keys[slot] = new Uint8Array(key.subarray(keyStart, keyEnd));
        values[slot] = value;
      }
      return value;
    },
  };
}
