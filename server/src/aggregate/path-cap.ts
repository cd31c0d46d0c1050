import type { Store } from '../store/store.js';

/** Paths beyond the cap are counted under this key. */
export const OTHER_PATHS_KEY = '(other)';
export const DEFAULT_PATH_CAP = 500;
/** Resource-days whose path sets we keep in memory (FIFO beyond that). */
const MAX_CACHED_DAYS = 2000;

/** Maps a normalised path to the key it is counted under on one resource-day. */
export type PathKeyOf = (path: string) => string;

export interface PathCap {
  /** The key mapper for a resource's day bucket; loads the day's stored paths once. */
  forDay(resourceSeq: number, dayBucket: number): Promise<PathKeyOf>;
}

/**
 * At most `cap` distinct paths per resource per day, so one app with random URLs cannot grow
 * the database without bound. The first `cap` paths of a day keep their own key; later new
 * ones are counted under `(other)`. The set of a day's paths is read from the store once and
 * then kept in memory, updated as batches admit new paths (a path admitted by a batch whose
 * commit then fails keeps its slot: the cap errs on the side of fewer paths).
 */
export function createPathCap(store: Pick<Store, 'pathKeysForDay'>, cap = DEFAULT_PATH_CAP): PathCap {
  const days = new Map<string, Promise<Set<string>>>();

  function load(resourceSeq: number, dayBucket: number): Promise<Set<string>> {
    const id = `${resourceSeq}:${dayBucket}`;
    let paths = days.get(id);
    if (!paths) {
      if (days.size >= MAX_CACHED_DAYS) days.delete(days.keys().next().value as string);
      paths = store.pathKeysForDay(resourceSeq, dayBucket).then((keys) => new Set(keys.filter((key) => key !== OTHER_PATHS_KEY)));
      // A failed read must not stick: the next batch tries again.
      paths.catch(() => days.delete(id));
      days.set(id, paths);
    }
    return paths;
  }

  return {
    async forDay(resourceSeq, dayBucket) {
      const paths = await load(resourceSeq, dayBucket);
      return (path) => {
        if (paths.has(path)) return path;
        if (paths.size >= cap) return OTHER_PATHS_KEY;
        paths.add(path);
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
