import { batchDeltas } from '../../src/aggregate/batch-deltas.js';
import type { ParsedBody } from '../../src/parse/drain-body.js';
import type { RouterRequest } from '../../src/parse/router-line.js';
import type { Resource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';

/** One router line as the counts see it (path already normalised). */
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

function routerRequest(request: SeedRequest): RouterRequest {
  return {
    time: Date.parse(request.at),
    method: request.method ?? 'GET',
    status: request.status ?? 200,
    path: request.path ?? '/',
    dyno: request.dyno ?? 'web.1',
    code: request.code ?? '',
    serviceMs: request.serviceMs ?? 10,
    atError: request.error ?? request.code !== undefined,
  };
}

/** Commits a parsed batch the way the drain does (ingest's own delta builder, no path cap). */
async function commitParsed(store: Store, resource: Resource, parsed: ParsedBody): Promise<void> {
  const deltas = await batchDeltas(parsed, { zone: resource.options.timezone, pathKeysFor: async () => (path) => path });
  const lostLines = parsed.lost.reduce((sum, lost) => sum + lost.count, 0);
  await store.commitBatches([
    { resourceSeq: resource.seq, frameId: null, deltas, totals: { requests: parsed.requests.length, lostLines, parseErrors: 0 } },
  ]);
}

/** Counts each request `count` times, as one drain batch would. */
export async function seedRequests(store: Store, resource: Resource, requests: SeedRequest[], count = 1): Promise<void> {
  const parsed = requests.flatMap((request) => Array.from({ length: count }, () => routerRequest(request)));
  await commitParsed(store, resource, { requests: parsed, lost: [], frames: parsed.length, parseErrors: 0 });
}

/** An L10 line: `n` lines dropped, noticed at `at`. */
export async function seedLost(store: Store, resource: Resource, at: string, n: number): Promise<void> {
  await commitParsed(store, resource, { requests: [], lost: [{ time: Date.parse(at), count: n }], frames: 1, parseErrors: 0 });
}
