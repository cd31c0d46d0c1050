import { seededRandom, weighted } from './seeded-random.js';
import type { Random } from './seeded-random.js';

/**
 * Realistic, deterministic Heroku log traffic: mostly router lines (one per HTTP request,
 * legacy and Router 2.0 forms, errors included), some app output and dyno-manager lines.
 * Same seed, same lines. Formats follow the protocol spec, section 5.
 */

/** One syslog message as Logplex forwards it (spec 4.2). */
export interface LogLine {
  /** Microseconds since the Unix epoch. */
  timeUs: number;
  pri: number;
  /** `heroku` (router, dyno manager, logplex) or `app` (dyno output, `app[api]`). */
  appName: string;
  procId: string;
  message: string;
}

export interface TrafficOptions {
  seed?: number;
  /** Heroku app name, used in the router's `host=` values. */
  app?: string;
  /** Web dynos web.1..web.N. */
  dynos?: number;
  /** Share of router lines in Router 2.0 form (`protocol=http1.1 tls=… tls_version=…`). */
  router2Share?: number;
  /** Share of router lines that are `at=error` lines with an H code. */
  errorShare?: number;
  /** Share of lines that are app output or dyno-manager lines rather than router lines. */
  otherShare?: number;
}

export interface RouterTraffic {
  /** The next line, stamped with `timeUs`. */
  line(timeUs: number): LogLine;
  /** A request the app answered with a 500 (the simulator's `--error-burst`). */
  serverError(timeUs: number): LogLine;
}

/** One router line is one HTTP request: the lines Vanity counts. */
export function isRouterLine(line: LogLine): boolean {
  return line.appName === 'heroku' && line.procId === 'router';
}

export const ROUTER_PRI = 158;
const APP_PRI = 190;
const DYNO_MANAGER_PRI = 45;

interface RouterError {
  at: 'error' | 'info';
  code: string;
  desc: string;
  status: string;
  /** Whether a dyno took the request (otherwise dyno, connect, service and bytes are empty). */
  reachedDyno: boolean;
  extra?: string;
  service?: string;
}

const ROUTER_ERRORS: readonly (readonly [RouterError, number])[] = [
  [{ at: 'error', code: 'H12', desc: 'Request timeout', status: '503', reachedDyno: true, service: '30000ms' }, 30],
  [{ at: 'error', code: 'H10', desc: 'App crashed', status: '503', reachedDyno: false }, 15],
  [{ at: 'error', code: 'H13', desc: 'Connection closed without response', status: '503', reachedDyno: true }, 15],
  [{ at: 'error', code: 'H18', desc: 'Server Request Interrupted', status: '503', reachedDyno: true, extra: 'sock=backend' }, 8],
  [{ at: 'error', code: 'H18', desc: 'Request Interrupted', status: '503', reachedDyno: true, extra: 'sock=client' }, 4],
  [{ at: 'error', code: 'H26', desc: 'Request Error', status: '400', reachedDyno: false, extra: 'cause="bad header"' }, 6],
  [{ at: 'error', code: 'H27', desc: 'Client Request Interrupted', status: '499', reachedDyno: true }, 8],
  [{ at: 'error', code: 'H11', desc: 'Backlog too deep', status: '503', reachedDyno: false }, 4],
  [{ at: 'error', code: 'H14', desc: 'No web processes running', status: '503', reachedDyno: false }, 3],
  [{ at: 'error', code: 'H15', desc: 'Idle connection', status: '503', reachedDyno: true, service: '55000ms' }, 2],
  [{ at: 'error', code: 'H24', desc: 'Forced close', status: '', reachedDyno: true }, 1],
  [{ at: 'info', code: 'H80', desc: 'Maintenance mode', status: '503', reachedDyno: false }, 4],
];

const METHODS = [
  ['GET', 75],
  ['POST', 11],
  ['PUT', 2],
  ['PATCH', 3],
  ['DELETE', 2],
  ['HEAD', 4],
  ['OPTIONS', 3],
] as const;

type Method = (typeof METHODS)[number][0];

const STATUSES: Record<Method, readonly (readonly [string, number])[]> = {
  GET: [['200', 80], ['304', 6], ['302', 3], ['301', 1.5], ['206', 0.5], ['404', 4], ['401', 1], ['403', 0.5], ['500', 0.4], ['502', 0.1], ['503', 0.1]],
  POST: [['201', 40], ['200', 30], ['302', 10], ['204', 4], ['422', 8], ['400', 4], ['401', 2], ['409', 1], ['500', 1]],
  PUT: [['200', 80], ['204', 10], ['422', 6], ['404', 2], ['500', 1]],
  PATCH: [['200', 80], ['204', 10], ['422', 6], ['404', 2], ['500', 1]],
  DELETE: [['204', 70], ['200', 20], ['404', 8], ['500', 1]],
  HEAD: [['200', 95], ['404', 5]],
  OPTIONS: [['204', 90], ['200', 10]],
};

const WORDS = ['shoes', 'red dress', 'caf\u00e9', 'laptop', 'gift card', 'k\u00f6ln', 'usb-c', 'book', 'tent', 'coffee'];
const SLUGS = Array.from({ length: 60 }, (_, i) => `${['how', 'why', 'when', 'what'][i % 4]}-we-ship-${['fast', 'safely', 'daily'][i % 3]}-${i}`);
const SCANNER_PATHS = ['/wp-login.php', '/.env', '/xmlrpc.php', '/.git/config', '/phpmyadmin/index.php', '/admin/config.php'];

function uuid(r: Random): string {
  return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${'89ab'[r.int(0, 3)]}${r.hex(3)}-${r.hex(12)}`;
}

/** Mostly small ids, some very large: like real primary keys. */
function numericId(r: Random): number {
  return r.int(1, 10 ** r.int(1, 7));
}

function ip(r: Random): string {
  return `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** Log-normal milliseconds around `median`, capped. */
function lognormalMs(r: Random, median: number, sigma: number, cap: number): number {
  return Math.min(cap, Math.round(median * Math.exp(sigma * r.gaussian())));
}

interface PathPickers {
  /** Paths for GET and HEAD. */
  read: () => string;
  /** Paths for POST, PUT, PATCH, DELETE and OPTIONS. */
  write: () => string;
}

function templatePicker(r: Random, templates: readonly (readonly [() => string, number])[]): () => string {
  const template = weighted(r, templates);
  return () => template()();
}

function pathPickers(r: Random): PathPickers {
  // Fingerprinted assets change only on deploy, so a handful per generator.
  const assets = Array.from({ length: 4 }, (_, i) =>
    i % 2 === 0 ? `/assets/application-${r.hex(64)}.css` : `/packs/js/application-${r.hex(20)}.js`,
  );
  const read = templatePicker(r, [
    [() => '/', 18],
    [() => `/users/${numericId(r)}`, 8],
    [() => `/api/v1/orders/${numericId(r)}/items`, 6],
    [() => `/posts/${numericId(r)}/comments?page=${r.int(1, 20)}`, 5],
    [() => r.pick(assets), 9],
    [() => `/api/v2/accounts/${uuid(r)}`, 5],
    [() => `/api/v2/accounts/${uuid(r)}/invoices/${numericId(r)}.pdf`, 2],
    [() => `/password/reset/${r.hex(40)}`, 0.5],
    [() => `/unsubscribe/${r.hex(32)}?utm_source=email`, 0.5],
    [() => `/search?q=${encodeURIComponent(r.pick(WORDS))}&page=${r.int(1, 5)}`, 4],
    [() => '/health', 6],
    [() => '/favicon.ico', 3],
    [() => '/robots.txt', 0.5],
    [() => '/login', 3],
    [() => '/dashboard', 4],
    [() => `/users/${numericId(r)}/avatar.png?s=${r.pick([32, 64, 128])}`, 2],
    [() => `/blog/${r.pick(SLUGS)}`, 3],
    [() => `/products?sort=price&dir=asc&page=${r.int(1, 50)}`, 2],
    [() => r.pick(SCANNER_PATHS), 0.5],
  ]);
  const write = templatePicker(r, [
    [() => '/api/v1/events', 10],
    [() => '/api/v1/orders', 5],
    [() => `/api/v1/orders/${numericId(r)}/items`, 5],
    [() => `/users/${numericId(r)}`, 4],
    [() => `/api/v2/accounts/${uuid(r)}`, 3],
    [() => `/posts/${numericId(r)}/comments`, 3],
    [() => '/login', 3],
    [() => '/webhooks/stripe', 2],
    [() => `/password/reset/${r.hex(40)}`, 0.5],
    [() => '/xmlrpc.php', 0.2],
  ]);
  return { read, write };
}

interface RouterContext {
  r: Random;
  app: string;
  dynos: number;
  router2Share: number;
  errorShare: number;
  method: () => Method;
  paths: PathPickers;
  status: Record<Method, () => string>;
  error: () => RouterError;
}

function protocolFields(c: RouterContext): string {
  const r = c.r;
  if (!r.chance(c.router2Share)) return r.chance(0.9) ? 'protocol=https' : 'protocol=http';
  if (r.chance(0.9)) return `protocol=${r.chance(0.1) ? 'http2.0' : 'http1.1'} tls=true tls_version=${r.chance(0.8) ? 'tls1.3' : 'tls1.2'}`;
  return `protocol=http1.1 tls=false tls_version=unknown`;
}

function routerMessage(c: RouterContext): string {
  const r = c.r;
  const method = c.method();
  const rawPath = method === 'GET' || method === 'HEAD' ? c.paths.read() : c.paths.write();
  // Older lines left paths and fwd unquoted; today both are quoted.
  const path = r.chance(0.05) ? `path=${rawPath}` : `path="${rawPath}"`;
  const host = r.chance(0.7) ? `${c.app}.herokuapp.com` : `www.${c.app}.com`;
  const fwd = r.chance(0.1) ? `"${ip(r)},${ip(r)}"` : `"${ip(r)}"`;
  const dyno = `web.${r.int(1, c.dynos)}`;
  const common = `method=${method} ${path} host=${host} request_id=${uuid(r)} fwd=${fwd}`;
  if (r.chance(c.errorShare)) {
    const e = c.error();
    const head = `at=${e.at} code=${e.code} desc="${e.desc}"${e.extra?.startsWith('cause=') ? ` ${e.extra}` : ''}`;
    const timing = e.reachedDyno
      ? `dyno=${dyno} connect=${r.int(0, 3)}ms service=${e.service ?? `${lognormalMs(r, 800, 1.2, 29999)}ms`}`
      : 'dyno= connect= service=';
    const bytes = e.reachedDyno && e.status !== '' ? '0' : '';
    const sock = e.extra?.startsWith('sock=') ? ` ${e.extra}` : '';
    return `${head} ${common} ${timing} status=${e.status} bytes=${bytes}${sock} ${protocolFields(c)}`;
  }
  const status = c.status[method]();
  const bytes = status === '304' || status === '204' ? r.int(0, 300) : lognormalMs(r, 5000, 1.3, 50_000_000);
  const connect = `${r.chance(0.995) ? r.int(0, 2) : r.int(3, 7001)}ms`;
  const service = `${lognormalMs(r, 30, 1.1, 29999)}ms`;
  return `at=info ${common} dyno=${dyno} connect=${connect} service=${service} status=${status} bytes=${bytes} ${protocolFields(c)}`;
}

function appOutput(r: Random, dyno: string): string {
  const requestId = uuid(r);
  switch (r.int(0, 7)) {
    case 0:
      return `[${requestId}] Started GET "/users/${numericId(r)}" for ${ip(r)} at 2026-11-23 10:00:00 +0000`;
    case 1:
      return `[${requestId}] Completed 200 OK in ${r.int(1, 900)}ms (Views: ${r.int(1, 99)}.${r.int(0, 9)}ms | ActiveRecord: ${r.int(0, 50)}.${r.int(0, 9)}ms)`;
    case 2:
      // An app's own logfmt request log: it looks like a router line but is not one.
      return `at=info method=GET path="/users/${numericId(r)}" status=200 duration=${r.int(1, 500)}ms source=${dyno}`;
    case 3:
      return `{"level":"info","msg":"request completed","status":200,"request_id":"${requestId}"}`;
    case 4:
      return `${ip(r)} - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 ${r.int(100, 9999)}`;
    case 5:
      return `Benutzer \u201eJ\u00fcrgen\u201c hat sich angemeldet \u2713 (${r.int(1, 99)} ms)`;
    case 6:
      return `[Worker(host:${r.hex(12)} pid:${r.int(2, 99)})] Job SendEmailJob (id=${numericId(r)}) COMPLETED after ${r.int(1, 9)}.${r.int(10, 99)}`;
    default:
      return `npm WARN deprecated request@2.88.2: request has been deprecated`;
  }
}

const DYNO_MANAGER_MESSAGES = [
  'State changed from starting to up',
  'Starting process with command `npm start`',
  'Stopping all processes with SIGTERM',
  'Process exited with status 143',
  'Process running mem=528MB(103.3%)',
  'Error R14 (Memory quota exceeded)',
  'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
  'Cycling',
];

function otherLine(r: Random, dynos: number, timeUs: number): LogLine {
  const dyno = `web.${r.int(1, dynos)}`;
  const kind = r.int(0, 19);
  if (kind < 15) return { timeUs, pri: APP_PRI, appName: 'app', procId: kind === 0 ? 'worker.1' : dyno, message: appOutput(r, dyno) };
  if (kind < 19) return { timeUs, pri: DYNO_MANAGER_PRI, appName: 'heroku', procId: dyno, message: r.pick(DYNO_MANAGER_MESSAGES) };
  return { timeUs, pri: APP_PRI, appName: 'app', procId: 'api', message: r.chance(0.5) ? 'Build succeeded' : `Release v${r.int(2, 400)} created by user dev@example.com` };
}

export function routerTraffic(options: TrafficOptions = {}): RouterTraffic {
  const r = seededRandom(options.seed ?? 1);
  const dynos = options.dynos ?? 4;
  const otherShare = options.otherShare ?? 0.1;
  const context: RouterContext = {
    r,
    app: options.app ?? 'example-app',
    dynos,
    router2Share: options.router2Share ?? 0.5,
    errorShare: options.errorShare ?? 0.015,
    method: weighted(r, METHODS),
    paths: pathPickers(r),
    status: Object.fromEntries(Object.entries(STATUSES).map(([method, mix]) => [method, weighted(r, mix)])) as Record<Method, () => string>,
    error: weighted(r, ROUTER_ERRORS),
  };
  return {
    line(timeUs) {
      if (r.chance(otherShare)) return otherLine(r, dynos, timeUs);
      return { timeUs, pri: ROUTER_PRI, appName: 'heroku', procId: 'router', message: routerMessage(context) };
    },
    serverError(timeUs) {
      const message =
        `at=info method=POST path="/checkout" host=${context.app}.herokuapp.com request_id=${uuid(r)} fwd="${ip(r)}" ` +
        `dyno=web.${r.int(1, dynos)} connect=${r.int(0, 2)}ms service=${lognormalMs(r, 200, 1.1, 29999)}ms status=500 bytes=${r.int(100, 900)} protocol=https`;
      return { timeUs, pri: ROUTER_PRI, appName: 'heroku', procId: 'router', message };
    },
  };
}
