import { l10Message, routerMessage } from './logplex-batch.js';

/**
 * Ten requests and one L10 note, all two minutes before `now` (inside the last hour and the
 * default 24 h range), with the numbers the API must report for them.
 */
export function sampleTraffic(now: Date) {
  const at = new Date(now.getTime() - 2 * 60_000);
  const messages = [
    ...[11, 12, 13, 14, 15].map((id) => routerMessage({ at, path: `/users/${id}`, status: 200, dyno: 'web.1' })),
    ...[1, 2, 3].map(() => routerMessage({ at, path: '/', status: 200, dyno: 'web.2' })),
    routerMessage({ at, method: 'POST', path: '/login', status: 302 }),
    routerMessage({ at, path: '/slow', status: 503, code: 'H12', serviceMs: 30000 }),
    l10Message(at, 4),
  ];
  return {
    messages,
    expected: {
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
    },
  };
}
