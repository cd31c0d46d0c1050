import { KEYED_DIMENSIONS } from '../sanitise/dimension-key.js';
import type { KeyedDimension } from '../sanitise/dimension-key.js';
import type { CountStore } from '../store/store.js';

/** Keys beyond a dimension's cap are counted under this key. */
export const OTHER_KEY = '(other)';
export const DEFAULT_PATH_CAP = 500;
/**
 * Distinct paths named per resource per UTC hour. Hour rows are the finest that hold paths, and
 * a day's long tail of rare paths would otherwise spread over more hours as traffic grows, so
 * hourly path rows would grow with traffic up to 24 × the day cap. Top lists show at most 100.
 */
export const HOUR_PATH_CAP = 100;
/** Resource-days and resource-hours whose key sets we keep in memory (FIFO beyond that). */
const MAX_CACHED_SETS = 2000;

/** Distinct keys named per resource-day and per resource-hour of one dimension. */
export interface Cap {
  day: number;
  hour: number;
}
export type KeyCaps = Readonly<Record<KeyedDimension, Cap>>;

/**
 * Paths as configured; the other dimensions well above what real traffic shows (methods, status
 * codes and router codes are a few dozen, dynos up to a few hundred), so that only hostile
 * values end in `(other)`. There are 16 service-time bins.
 */
export function defaultKeyCaps(pathCap = DEFAULT_PATH_CAP): KeyCaps {
  return {
    path: { day: pathCap, hour: Math.min(pathCap, HOUR_PATH_CAP) },
    method: { day: 32, hour: 32 },
    status: { day: 100, hour: 100 },
    dyno: { day: 300, hour: 300 },
    code: { day: 64, hour: 64 },
    service: { day: 32, hour: 32 },
  };
}

/** Maps a (safe) key to the key it is counted under in one hour of one resource-day. */
export type KeyOf = (dim: KeyedDimension, key: string) => string;

export interface KeyCap {
  /** The key mapper for a resource's day bucket and UTC hour; loads their stored keys once. */
  forHour(resourceSeq: number, dayBucket: number, hourBucket: number): Promise<KeyOf>;
}

type KeySets = Map<KeyedDimension, Set<string>>;
type KeyStore = Pick<CountStore, 'readCounts'>;

function keySets(rows: readonly { dim: string; key: string }[]): KeySets {
  const sets: KeySets = new Map(KEYED_DIMENSIONS.map((dim) => [dim, new Set<string>()]));
  for (const row of rows) if (row.key !== OTHER_KEY) sets.get(row.dim as KeyedDimension)?.add(row.key);
  return sets;
}

/** Named keys stored so far, by id, read from the store once and then kept up to date. */
function cachedKeySets() {
  const sets = new Map<string, Promise<KeySets>>();
  return (id: string, read: () => Promise<KeySets>): Promise<KeySets> => {
    let keys = sets.get(id);
    if (!keys) {
      if (sets.size >= MAX_CACHED_SETS) sets.delete(sets.keys().next().value as string);
      keys = read();
      // A failed read must not stick: the next batch tries again.
      keys.catch(() => sets.delete(id));
      sets.set(id, keys);
    }
    return keys;
  };
}

/**
 * At most `caps[dim].day` distinct keys per resource per day and `caps[dim].hour` per hour in
 * every keyed dimension, so one app with random URLs (or a forged log line with random methods)
 * cannot grow the database without bound. The first keys of a day and hour are named; later
 * new ones are counted under `(other)`. A request gets one key for its hour row and its day
 * row, so day rows stay the sum of hour rows. The sets are read from the store once and then
 * kept in memory, updated as batches admit new keys (a key admitted by a batch whose commit
 * then fails keeps its slot: the cap errs on the side of fewer keys).
 */
export function createKeyCap(store: KeyStore, caps: KeyCaps = defaultKeyCaps()): KeyCap {
  const daySets = cachedKeySets();
  const hourSets = cachedKeySets();
  const storedKeys = async (resourceSeq: number, level: 'hour' | 'day', bucket: number) =>
    keySets(await store.readCounts({ resourceSeq, level, from: bucket, to: bucket + 1, dims: KEYED_DIMENSIONS }));

  return {
    async forHour(resourceSeq, dayBucket, hourBucket) {
      const [day, hour] = await Promise.all([
        daySets(`${resourceSeq}:${dayBucket}`, () => storedKeys(resourceSeq, 'day', dayBucket)),
        hourSets(`${resourceSeq}:${hourBucket}`, () => storedKeys(resourceSeq, 'hour', hourBucket)),
      ]);
      return (dim, key) => {
        const dayKeys = day.get(dim) as Set<string>;
        const hourKeys = hour.get(dim) as Set<string>;
        const inDay = dayKeys.has(key);
        const inHour = hourKeys.has(key);
        if (inDay && inHour) return key;
        if ((!inDay && dayKeys.size >= caps[dim].day) || (!inHour && hourKeys.size >= caps[dim].hour)) return OTHER_KEY;
        dayKeys.add(key);
        hourKeys.add(key);
        return key;
      };
    },
  };
}

/** VANITY_PATH_CAP: a positive integer, default 500. */
export function parsePathCap(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PATH_CAP;
  const cap = Number(value);
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`VANITY_PATH_CAP must be a positive integer, got ${JSON.stringify(value)}`);
  return cap;
}
