import { logplexBodies, lostLinesBody } from './sample-traffic.js';
import type { DrainBody, SampleRequest } from './sample-traffic.js';

/**
 * Ten requests and one L10 note, all two minutes before `now` (inside the last hour and the
 * default 24 h range), as drain bodies, with the numbers the API must report for them.
 */
export function tenRequests(now: Date): { bodies: DrainBody[]; expected: typeof EXPECTED } {
  const at = new Date(now.getTime() - 2 * 60_000);
  const request = (rawPath: string, path: string, status: number, extra: Partial<SampleRequest> = {}): SampleRequest => ({
    at, method: 'GET', rawPath, path, status, serviceMs: 12, ...extra,
  });
  const requests = [
    ...[11, 12, 13, 14, 15].map((id) => request(`/users/${id}`, '/users/:id', 200)),
    ...[1, 2, 3].map(() => request('/', '/', 200)),
    request('/login', '/login', 302, { method: 'POST' }),
    request('/slow', '/slow', 503, { code: 'H12', serviceMs: 30000 }),
  ];
  return { bodies: [...logplexBodies(requests), lostLinesBody(EXPECTED.lostLines, at)], expected: EXPECTED };
}

const EXPECTED = {
  total: 10,
  errors: 1,
  lostLines: 4,
  byStatusClass: { '2xx': 8, '3xx': 1, '5xx': 1 },
  routerErrors: { H12: 1 },
  topPaths: [
    { key: '/users/:id', count: 5 },
    { key: '/', count: 3 },
    { key: '/login', count: 1 },
    { key: '/slow', count: 1 },
  ],
};
