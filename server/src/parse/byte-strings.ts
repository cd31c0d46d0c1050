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

export function bytesEqual(b: Buffer, start: number, end: number, ascii: string): boolean {
  if (end - start !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (b[start + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Hash state: FNV-1a and a multiply-by-31 hash, updated one byte at a time. */
export const HASH_SEED_1 = 0x811c9dc5;
export const HASH_SEED_2 = 0;
export const hashStep1 = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193);
export const hashStep2 = (h: number, byte: number): number => (Math.imul(h, 31) + byte) | 0;

interface Entry<T> {
  h2: number;
  length: number;
  value: T;
}

export interface ByteCache<T> {
  /**
   * The value for the bytes `b[start, end)`, identified by the hashes h1, h2 of `length` hashed
   * bytes; derived from the bytes on a miss.
   */
  get(h1: number, h2: number, length: number, b: Buffer, start: number, end: number): T;
}

/** A bounded cache from byte strings to values derived from them; when full the oldest entry goes. */
export function byteCache<T>(derive: (b: Buffer, start: number, end: number) => T, capacity: number): ByteCache<T> {
  const entries = new Map<number, Entry<T>>();
  return {
    get(h1, h2, length, b, start, end) {
      const hit = entries.get(h1);
      if (hit !== undefined && hit.h2 === h2 && hit.length === length) return hit.value;
      const value = derive(b, start, end);
      if (hit === undefined) {
        if (entries.size >= capacity) entries.delete(entries.keys().next().value as number);
        entries.set(h1, { h2, length, value });
      }
      return value;
    },
  };
}
