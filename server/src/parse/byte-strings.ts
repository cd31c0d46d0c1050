/**
 * Strings from byte ranges without paying for a fresh string every time. Values like paths,
 * dyno names and methods repeat line after line, and making a string from a Buffer costs far
 * more than hashing a few dozen bytes, so the tokeniser hashes a value while it scans it and
 * looks the hash up here.
 *
 * Two independent 32-bit hashes plus the length identify a byte string: a false match needs a
 * 64-bit collision among the few thousand cached values, which we accept as impossible.
 * (Paths are hashed by shape, ids replaced, see normalise-path.ts.)
 */

/** `expected`'s bytes are at `b[at]` (constants as Uint8Arrays: faster than charCodeAt here). */
export function bytesAt(b: Buffer, at: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) if (b[at + i] !== expected[i]) return false;
  return true;
}

export function bytesEqual(b: Buffer, start: number, end: number, expected: Uint8Array): boolean {
  return end - start === expected.length && bytesAt(b, start, expected);
}

/** Hash state: FNV-1a and a multiply-by-31 hash, updated one byte at a time. */
export const HASH_SEED_1 = 0x811c9dc5;
export const HASH_SEED_2 = 0;
export const hashStep1 = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193);
export const hashStep2 = (h: number, byte: number): number => (Math.imul(h, 31) + byte) | 0;

export interface ByteCache<T> {
  /**
   * The value for the bytes `b[start, end)`, identified by the hashes h1, h2 of `length` hashed
   * bytes; derived from the bytes on a miss.
   */
  get(h1: number, h2: number, length: number, b: Buffer, start: number, end: number): T;
}

/**
 * A bounded cache from byte strings to values derived from them: direct-mapped (slot = h1's low
 * bits, a newer entry replaces an older one in its slot), in typed arrays rather than a Map
 * because int32 hashes outside the small-integer range would be boxed as Map keys.
 */
export function byteCache<T>(derive: (b: Buffer, start: number, end: number) => T, capacity: number): ByteCache<T> {
  const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 2)));
  const mask = size - 1;
  const h1s = new Int32Array(size);
  const h2s = new Int32Array(size);
  // Length + 1, so that 0 marks an empty slot.
  const lengths = new Int32Array(size);
  const values = new Array<T | undefined>(size).fill(undefined);
  return {
    get(h1, h2, length, b, start, end) {
      const slot = h1 & mask;
      if (lengths[slot] === length + 1 && h1s[slot] === (h1 | 0) && h2s[slot] === (h2 | 0)) return values[slot] as T;
      const value = derive(b, start, end);
      h1s[slot] = h1;
      h2s[slot] = h2;
      lengths[slot] = length + 1;
      values[slot] = value;
      return value;
    },
  };
}
