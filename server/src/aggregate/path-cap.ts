import type { CountStore } from '../store/store.js';

/** Paths beyond the cap are counted under this key. */
export const OTHER_PATHS_KEY = '(other)';
export const DEFAULT_PATH_CAP = 500;
/**
 * Distinct paths named per resource per UTC hour. Hour rows are the finest that hold paths, and
 * a day's long tail of rare paths would otherwise spread over more hours as traffic grows, so
 * hourly path rows would grow with traffic up to 24 × the day cap. Top lists show at most 100.
 */
export const HOUR_PATH_CAP = 100;
/** Resource-days and resource-hours whose path sets we keep in memory (FIFO beyond that). */
const MAX_CACHED_SETS = 2000;

/** Maps a normalised path to the key it is counted under in one hour of one resource-day. */
export type PathKeyOf = (path: string) => string;

export interface PathCap {
  /** The key mapper for a resource's day bucket and UTC hour; loads their stored paths once. */
  forHour(resourceSeq: number, dayBucket: number, hourBucket: number): Promise<PathKeyOf>;
}

export interface PathCaps {
  day: number;
  hour: number;
}

type PathStore = Pick<CountStore, 'pathKeysForDay' | 'readCounts'>;

/** Named path keys stored so far, by id, read from the store once and then kept up to date. */
function pathSets() {
  const sets = new Map<string, Promise<Set<string>>>();
  return (id: string, read: () => Promise<string[]>): Promise<Set<string>> => {
    let paths = sets.get(id);
    if (!paths) {
      if (sets.size >= MAX_CACHED_SETS) sets.delete(sets.keys().next().value as string);
      paths = read().then((keys) => new Set(keys.filter((key) => key !== OTHER_PATHS_KEY)));
      // A failed read must not stick: the next batch tries again.
      paths.catch(() => sets.delete(id));
      sets.set(id, paths);
    }
    return paths;
  };
}

/**
 * At most `caps.day` distinct paths per resource per day and `caps.hour` per hour, so one app
 * with random URLs cannot grow the database without bound. The first paths of a day and hour
 * keep their own key; later new ones are counted under `(other)`. A request gets one key for
 * its hour row and its day row, so day rows stay the sum of hour rows. The sets are read from
 * the store once and then kept in memory, updated as batches admit new paths (a path admitted
 * by a batch whose commit then fails keeps its slot: the cap errs on the side of fewer paths).
 */
export function createPathCap(store: PathStore, caps: PathCaps = { day: DEFAULT_PATH_CAP, hour: HOUR_PATH_CAP }): PathCap {
  const daySets = pathSets();
  const hourSets = pathSets();
  const hourKeys = async (resourceSeq: number, hour: number) =>
    (await store.readCounts({ resourceSeq, level: 'hour', from: hour, to: hour + 1, dims: ['path'] })).map((row) => row.key);

  return {
    async forHour(resourceSeq, dayBucket, hourBucket) {
      const [day, hour] = await Promise.all([
        daySets(`${resourceSeq}:${dayBucket}`, () => store.pathKeysForDay(resourceSeq, dayBucket)),
        hourSets(`${resourceSeq}:${hourBucket}`, () => hourKeys(resourceSeq, hourBucket)),
      ]);
      return (path) => {
        const inDay = day.has(path);
        const inHour = hour.has(path);
        if (inDay && inHour) return path;
        if ((!inDay && day.size >= caps.day) || (!inHour && hour.size >= caps.hour)) return OTHER_PATHS_KEY;
        day.add(path);
        hour.add(path);
        return path;
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
