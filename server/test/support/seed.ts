import type { CountDelta, Dimension, Level, Store } from '../../src/store/store.js';

export interface SeedRequest {
  /** When the router line was logged. */
  at: Date;
  status?: number;
  method?: string;
  path?: string;
  code?: string;
  count?: number;
}

const LEVEL_SECONDS: Record<Exclude<Level, 'day'>, number> = { minute: 60, hour: 3600 };

/** Bucket starts for a UTC-timezone resource. */
function bucket(level: Level, at: Date): number {
  const seconds = Math.floor(at.getTime() / 1000);
  const size = level === 'day' ? 86_400 : LEVEL_SECONDS[level];
  return seconds - (seconds % size);
}

function requestDeltas({ at, status = 200, method = 'GET', path = '/', code, count = 1 }: SeedRequest): CountDelta[] {
  const dims: [Dimension, string][] = [
    ['all', ''],
    ['status', String(status)],
    ['method', method],
    ['path', path],
    ['dyno', 'web.1'],
  ];
  if (status >= 500 || code) dims.push(['error', '']);
  if (code) dims.push(['code', code]);
  return (['minute', 'hour', 'day'] as const).flatMap((level) =>
    dims.map(([dim, key]) => ({ level, bucket: bucket(level, at), dim, key, n: count })),
  );
}

/**
 * Counts requests straight into the store, as the drain's aggregation would for a resource
 * in UTC: the dashboard tests' known data set.
 */
export async function seedRequests(store: Store, resourceId: string, requests: readonly SeedRequest[]): Promise<number> {
  const resource = await store.getResource(resourceId);
  if (!resource) throw new Error(`no resource ${resourceId}`);
  const total = requests.reduce((sum, r) => sum + (r.count ?? 1), 0);
  await store.commitBatches([
    {
      resourceSeq: resource.seq,
      frameId: null,
      deltas: requests.flatMap(requestDeltas),
      totals: { requests: total, lostLines: 0, parseErrors: 0 },
    },
  ]);
  return total;
}
