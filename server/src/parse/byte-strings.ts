/**
 * Strings from byte ranges without paying for a fresh string every time. Values like paths,
 * dyno names and methods repeat line after line, and making a string from a Buffer costs far
 * more than hashing a few dozen bytes, so the tokeniser hashes a value while it scans it and
 * looks the hash up here.
 *
 * Two independent 32-bit hashes plus the length identify a byte string: a false match needs a
 * 64-bit collision among the few thousand cached values, which we accept as impossible.
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

export interface ByteHash {
  h1: number;
  h2: number;
}

/** Both hashes of `b[start, end)`, as the tokeniser computes them while scanning. */
export function hashBytes(b: Buffer, start: number, end: number): ByteHash {
  let h1 = HASH_SEED_1;
  let h2 = HASH_SEED_2;
  for (let i = start; i < end; i++) {
    h1 = hashStep1(h1, b[i] as number);
    h2 = hashStep2(h2, b[i] as number);
  }
  return { h1, h2 };
}

interface Entry<T> {
  h2: number;
  length: number;
  value: T;
}

export interface ByteCache<T> {
  /** The value for the bytes `b[start, end)` whose hashes are h1 and h2, derived on a miss. */
  get(h1: number, h2: number, b: Buffer, start: number, end: number): T;
}

/** A bounded cache from byte strings to values derived from them; when full the oldest entry goes. */
export function byteCache<T>(derive: (b: Buffer, start: number, end: number) => T, capacity: number): ByteCache<T> {
  const entries = new Map<number, Entry<T>>();
  return {
    get(h1, h2, b, start, end) {
      const hit = entries.get(h1);
      if (hit !== undefined && hit.h2 === h2 && hit.length === end - start) return hit.value;
      const value = derive(b, start, end);
      if (hit === undefined) {
        if (entries.size >= capacity) entries.delete(entries.keys().next().value as number);
        entries.set(h1, { h2, length: end - start, value });
      }
      return value;
    },
  };
}
