import { logplexBody } from '../../server/test/support/logplex.js';

/** A day-and-night shaped, reproducible sample of an app's requests, as router lines see them. */
export interface SampleRequest {
  at: Date;
  method: string;
  /** The path as the router logs it (ids and query strings included). */
  rawPath: string;
  /** The path as Vanity counts it (normalised). */
  path: string;
  status: number;
  /** Router error code (H12…), for failed requests. */
  code?: string;
  serviceMs: number;
}

/** mulberry32: a tiny seeded generator, so every run feeds the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  { method: 'GET', path: '/', weight: 30 },
  { method: 'GET', path: '/products/:id', weight: 24, raw: (n: number) => `/products/${1000 + n}` },
  { method: 'GET', path: '/api/search', weight: 14, raw: (n: number) => `/api/search?q=shoes&page=${n % 5}` },
  { method: 'GET', path: '/assets/application.js', weight: 10 },
  { method: 'POST', path: '/cart', weight: 8 },
  { method: 'GET', path: '/login', weight: 6 },
  { method: 'POST', path: '/checkout', weight: 4 },
  { method: 'GET', path: '/account', weight: 4 },
];
const TOTAL_WEIGHT = ROUTES.reduce((sum, route) => sum + route.weight, 0);

function pickRoute(r: number): (typeof ROUTES)[number] {
  let left = r * TOTAL_WEIGHT;
  return ROUTES.find((route) => (left -= route.weight) < 0) ?? ROUTES[0]!;
}

function outcome(r: number): Pick<SampleRequest, 'status' | 'code'> {
  if (r < 0.006) return { status: 503, code: 'H12' };
  if (r < 0.009) return { status: 503, code: 'H13' };
  if (r < 0.015) return { status: 500 };
  if (r < 0.05) return { status: 404 };
  if (r < 0.1) return { status: 302 };
  if (r < 0.18) return { status: 304 };
  return { status: 200 };
}

/**
 * Requests over the 36 hours before `now` (busier in the afternoon), a quieter trickle 2–5
 * days back and a little 10–12 days back: enough to fill every part of the dashboard.
 */
export function sampleTraffic(now: Date, seed = 42): SampleRequest[] {
  const rand = random(seed);
  const requests: SampleRequest[] = [];
  const add = (at: number) => {
    const route = pickRoute(rand());
    const rawPath = 'raw' in route && route.raw ? route.raw(Math.floor(rand() * 500)) : route.path;
    const serviceMs = Math.round(5 + 400 * rand() ** 4);
    requests.push({ at: new Date(at), method: route.method, path: route.path, rawPath, ...outcome(rand()), serviceMs });
  };
  const hour = 3_600_000;
  const end = now.getTime() - 60_000;
  for (let h = 0; h < 36; h++) {
    const start = end - (h + 1) * hour;
    const hourOfDay = new Date(start).getUTCHours();
    const perHour = Math.round(40 + 35 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI) + 10 * rand());
    for (let i = 0; i < perHour; i++) add(start + rand() * hour);
  }
  for (const [fromDays, toDays, n] of [
    [2, 5, 240],
    [10, 12, 90],
  ] as const) {
    for (let i = 0; i < n; i++) add(end - (fromDays + (toDays - fromDays) * rand()) * 24 * hour);
  }
  return requests.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const ERROR_DESCRIPTIONS: Record<string, string> = { H12: 'Request timeout', H13: 'Connection closed without response' };

/** The RFC 5424 message Logplex sends for one request's router line. */
export function routerMessage(request: SampleRequest, index: number): string {
  const time = request.at.toISOString().replace('Z', '+00:00');
  const head = request.code ? `at=error code=${request.code} desc="${ERROR_DESCRIPTIONS[request.code] ?? ''}"` : 'at=info';
  const requestId = `5f0c6c1e-8a1b-4f7e-9b5e-${String(index).padStart(12, '0')}`;
  return (
    `<158>1 ${time} host heroku router - ${head} method=${request.method} path="${request.rawPath}" ` +
    `host=acme-shop.herokuapp.com request_id=${requestId} fwd="203.0.113.7" dyno=web.1 connect=0ms ` +
    `service=${request.serviceMs}ms status=${request.status} bytes=512 protocol=https\n`
  );
}

export interface DrainBody {
  body: Buffer;
  /** Frames in the body (the Logplex-Msg-Count header). */
  count: number;
}

/** Drain bodies of octet-counted frames, `perBody` router lines each. */
export function logplexBodies(requests: readonly SampleRequest[], perBody = 500): DrainBody[] {
  const bodies: DrainBody[] = [];
  for (let start = 0; start < requests.length; start += perBody) {
    const messages = requests.slice(start, start + perBody).map((request, i) => routerMessage(request, start + i));
    bodies.push({ body: logplexBody(messages), count: messages.length });
  }
  return bodies;
}

/** A body with one L10 frame: Logplex telling the drain it dropped `n` lines. */
export function lostLinesBody(n: number, at = new Date()): DrainBody {
  const time = at.toISOString().replace('Z', '+00:00');
  const message = `<172>1 ${time} host heroku logplex - Error L10 (output buffer overflow): ${n} messages dropped since ${time}.\n`;
  return { body: logplexBody([message]), count: 1 };
}
