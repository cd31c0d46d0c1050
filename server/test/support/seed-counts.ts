import { DateTime } from 'luxon';
import { SERVICE_BIN_BOUNDS_MS } from '../../src/query/service-percentiles.js';
import type { CountDelta, Dimension, Level, Resource, Store } from '../../src/store/store.js';

/** One router line as the counts see it. */
export interface SeedRequest {
  at: string;
  status?: number;
  method?: string;
  path?: string;
  dyno?: string;
  code?: string;
  serviceMs?: number;
  /** `at=error` without a 5xx status. */
  error?: boolean;
}

function bucketsOf(at: string, zone: string): Record<Level, number> {
  const seconds = Math.floor(DateTime.fromISO(at, { setZone: true }).toSeconds());
  return {
    minute: Math.floor(seconds / 60) * 60,
    hour: Math.floor(seconds / 3600) * 3600,
    day: DateTime.fromSeconds(seconds, { zone }).startOf('day').toSeconds(),
  };
}

function serviceKey(ms: number): string {
  const bound = SERVICE_BIN_BOUNDS_MS.find((b) => ms <= b);
  return bound === undefined ? '+Inf' : String(bound);
}

function keysOf(request: SeedRequest): Array<[Dimension, string]> {
  const status = request.status ?? 200;
  const keys: Array<[Dimension, string]> = [
    ['all', ''],
    ['status', String(status)],
    ['method', request.method ?? 'GET'],
    ['path', request.path ?? '/'],
    ['dyno', request.dyno ?? 'web.1'],
    ['service', serviceKey(request.serviceMs ?? 10)],
  ];
  if (request.error || status >= 500 || request.code) keys.push(['error', '']);
  if (request.code) keys.push(['code', request.code]);
  return keys;
}

function deltasAt(at: string, zone: string, keys: Array<[Dimension, string]>, n: number): CountDelta[] {
  const buckets = bucketsOf(at, zone);
  return (['minute', 'hour', 'day'] as const).flatMap((level) =>
    keys.map(([dim, key]) => ({ level, bucket: buckets[level], dim, key, n })),
  );
}

/**
 * Writes counts the way ingestion does (every level, day buckets at the resource's midnight),
 * one batch per call. `count` repeats each request.
 */
export async function seedRequests(store: Store, resource: Resource, requests: SeedRequest[], count = 1): Promise<void> {
  const deltas = requests.flatMap((request) => deltasAt(request.at, resource.options.timezone, keysOf(request), count));
  await store.commitBatches([
    { resourceSeq: resource.seq, frameId: null, deltas, totals: { requests: requests.length * count, lostLines: 0, parseErrors: 0 } },
  ]);
}

/** An L10 line: `n` lines dropped around `at`. */
export async function seedLost(store: Store, resource: Resource, at: string, n: number): Promise<void> {
  await store.commitBatches([
    {
      resourceSeq: resource.seq,
      frameId: null,
      deltas: deltasAt(at, resource.options.timezone, [['lost', '']], n),
      totals: { requests: 0, lostLines: n, parseErrors: 0 },
    },
  ]);
}
