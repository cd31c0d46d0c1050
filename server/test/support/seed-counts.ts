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

/**
 * Commits a parsed batch `times` over, as one drain batch would (ingest's own delta builder, no
 * path cap). Every delta and total is a sum over the batch's lines, so `times` copies of the
 * lines make `times` times the deltas: a million requests cost no more to seed than one.
 */
async function commitParsed(store: Store, resource: Resource, parsed: ParsedBody, times = 1): Promise<void> {
  const deltas = await batchDeltas(parsed, { zone: resource.options.timezone, keysFor: async () => (_dim, key) => key });
  const lostLines = parsed.lost.reduce((sum, lost) => sum + lost.count, 0);
  await store.commitBatches([
    {
      resourceSeq: resource.seq,
      frameId: null,
      deltas: deltas.map((delta) => ({ ...delta, n: delta.n * times })),
      totals: { requests: parsed.requests.length * times, lostLines: lostLines * times, parseErrors: 0 },
    },
  ]);
}

/** Counts each request `count` times, as one drain batch would. */
export async function seedRequests(store: Store, resource: Resource, requests: SeedRequest[], count = 1): Promise<void> {
  const parsed = requests.map(routerRequest);
  await commitParsed(store, resource, { requests: parsed, lost: [], frames: parsed.length, parseErrors: 0 }, count);
}

/** An L10 line: `n` lines dropped, noticed at `at`. */
export async function seedLost(store: Store, resource: Resource, at: string, n: number): Promise<void> {
  await commitParsed(store, resource, { requests: [], lost: [{ time: Date.parse(at), count: n }], frames: 1, parseErrors: 0 });
}
