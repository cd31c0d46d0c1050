/**
 * A small, fast, seeded random source (mulberry32) so that simulated traffic and benchmark
 * input are identical from run to run. Not for anything secret.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal deviate (Box–Muller). */
  gaussian(): number;
  /** `length` lower-case hex digits. */
  hex(length: number): string;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    hex(length) {
      let out = '';
      while (out.length < length) {
        const u = Math.floor(next() * 4294967296);
        out += `${BYTE_HEX[u & 255]}${BYTE_HEX[(u >>> 8) & 255]}${BYTE_HEX[(u >>> 16) & 255]}${BYTE_HEX[u >>> 24]}`;
      }
      return out.length === length ? out : out.slice(0, length);
    },
  };
}

/** A picker over `[item, weight]` pairs; weights need not sum to 1. */
export function weighted<T>(random: Random, entries: readonly (readonly [T, number])[]): () => T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const cumulative = entries.map(([item], i) => ({
    item,
    upTo: entries.slice(0, i + 1).reduce((sum, [, weight]) => sum + weight, 0) / total,
  }));
  const last = cumulative[cumulative.length - 1];
  if (!last) throw new Error('weighted() needs at least one entry');
  return () => {
    const r = random.next();
    for (const entry of cumulative) if (r < entry.upTo) return entry.item;
    return last.item;
  };
}
