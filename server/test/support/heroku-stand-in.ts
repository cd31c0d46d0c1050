import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Heroku, the one permitted fake: a small local HTTP server standing in for id.heroku.com
 * (OAuth token endpoint), the Platform API (what the CLI plugin and the add-on call) and a
 * Logplex log input. It records every call. Tests point HEROKU_ID_URL, HEROKU_API_URL, the
 * provision's log_input_url (and HEROKU_HOST for the CLI) at it.
 */

export interface StubApp {
  addons: Array<{ name: string; addon_service: { name: string }; config_vars: string[] }>;
  config: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the stand-in answered. */
  status: number;
  /** The JSON body it answered with, if any (e.g. the tokens of an exchange). */
  answer?: unknown;
}

/** A scripted answer for the next `times` calls that match. */
export interface ScriptedAnswer {
  method: string;
  /** Matches when the call's path starts with this. */
  path: string;
  status: number;
  body?: unknown;
  times?: number;
}

export interface HerokuStandIn {
  url: string;
  /** `https`-less log input URL with Logplex's token credential, as Heroku's provision sends it. */
  logInputUrl(resourceId: string): string;
  calls: RecordedCall[];
  callsTo(method: string, pathPrefix: string): RecordedCall[];
  /** Grant codes id.heroku.com accepts (each exchanged for a fresh token pair). */
  grants: Set<string>;
  /** Seconds each issued access token lives. */
  tokenLifetime: number;
  /** Access tokens the Platform API currently accepts, by add-on token pair. */
  validAccessTokens: Set<string>;
  /** What GET /addons/{id} returns as log_input_url, when set. */
  addonLogInputUrls: Map<string, string>;
  script(answer: ScriptedAnswer): void;
  /** Resolves once a recorded call satisfies the predicate (at once if one already did). */
  waitFor(predicate: (call: RecordedCall) => boolean): Promise<RecordedCall>;
  stop(): Promise<void>;
}

export interface StandInOptions {
  /** The CLI user's token for the plugin-facing calls (`/apps/{app}/…`). */
  userToken?: string;
  apps?: Record<string, StubApp>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHerokuStandIn({ userToken, apps = {} }: StandInOptions = {}): Promise<HerokuStandIn> {
  const calls: RecordedCall[] = [];
  const scripted: Array<Required<Omit<ScriptedAnswer, 'body'>> & { body?: unknown }> = [];
  const waiters: Array<{ predicate: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void }> = [];
  const grants = new Set<string>();
  const refreshTokens = new Map<string, string>();
  const validAccessTokens = new Set<string>();
  const addonLogInputUrls = new Map<string, string>();
  let issued = 0;

  const stand = {} as HerokuStandIn;

  function issueTokens() {
    issued += 1;
    const access = `access-${issued}`;
    const refresh = `refresh-${issued}`;
    validAccessTokens.add(access);
    refreshTokens.set(refresh, access);
    return { access_token: access, refresh_token: refresh, expires_in: stand.tokenLifetime, token_type: 'Bearer', user_id: 'u-1', session_nonce: null };
  }

  function answer(method: string, path: string, headers: IncomingHttpHeaders, body: string): { status: number; body?: unknown } {
    const override = scripted.find((s) => s.method === method && path.startsWith(s.path) && s.times > 0);
    if (override) {
      override.times -= 1;
      return { status: override.status, body: override.body ?? { id: 'scripted', message: `scripted ${override.status}` } };
    }
    if (method === 'POST' && path === '/oauth/token') {
      const form = new URLSearchParams(body);
      if (headers['content-type'] !== 'application/x-www-form-urlencoded' || !form.get('client_secret')) {
        return { status: 400, body: { id: 'bad_request', message: 'form-encoded body with client_secret required' } };
      }
      if (form.get('grant_type') === 'authorization_code' && grants.delete(form.get('code') ?? '')) return { status: 200, body: issueTokens() };
      const refresh = form.get('refresh_token') ?? '';
      if (form.get('grant_type') === 'refresh_token' && refreshTokens.has(refresh)) {
        validAccessTokens.delete(refreshTokens.get(refresh)!);
        refreshTokens.delete(refresh);
        return { status: 200, body: issueTokens() };
      }
      return { status: 401, body: { id: 'unauthorized', message: 'Invalid grant.' } };
    }
    if (path.startsWith('/logs')) {
      if (headers['content-type'] !== 'application/logplex-1' || headers['content-length'] === undefined) return { status: 400 };
      return { status: 204 };
    }
    const bearer = (headers.authorization ?? '').replace(/^Bearer /, '');
    const app = /^\/apps\/([^/]+)\/(addons|config-vars)$/.exec(path);
    if (app) {
      if (userToken === undefined || bearer !== userToken) return { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } };
      const found = apps[decodeURIComponent(app[1]!)];
      if (method !== 'GET' || !found) return { status: 404, body: { id: 'not_found', message: "Couldn't find that app.", resource: 'app' } };
      return { status: 200, body: app[2] === 'addons' ? found.addons : found.config };
    }
    const addon = /^\/addons\/([^/]+)(\/.*)?$/.exec(path);
    if (!addon) return { status: 404, body: { id: 'not_found', message: 'Not found.' } };
    if (!validAccessTokens.has(bearer)) return { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } };
    if (headers.accept !== 'application/vnd.heroku+json; version=3') return { status: 406, body: { id: 'not_acceptable', message: 'version=3 expected' } };
    const id = decodeURIComponent(addon[1]!);
    const rest = addon[2] ?? '';
    if (method === 'GET' && rest === '') return { status: 200, body: { id, name: `addon-${id.slice(0, 8)}`, log_input_url: addonLogInputUrls.get(id) } };
    if (method === 'PATCH' && rest === '/config') return { status: 200, body: (JSON.parse(body) as { config: unknown }).config };
    if (method === 'PUT' && rest.startsWith('/log-drains/')) return { status: 200, body: { id: 'drain-1', ...(JSON.parse(body) as object) } };
    if (method === 'POST' && rest === '/webhooks') return { status: 201, body: { id: `webhook-${calls.length}`, ...(JSON.parse(body) as object), secret: undefined } };
    return { status: 404, body: { id: 'not_found', message: 'Not found.' } };
  }

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const reply = answer(method, path, req.headers, body);
      const call: RecordedCall = { method, path, headers: req.headers, body, status: reply.status, answer: reply.body };
      calls.push(call);
      if (reply.body === undefined) {
        res.writeHead(reply.status).end();
      } else {
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      }
      for (const waiter of waiters.filter((w) => w.predicate(call))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  Object.assign(stand, {
    url,
    logInputUrl: (resourceId: string) => `http://token:t.${resourceId}@127.0.0.1:${port}/logs`,
    calls,
    callsTo: (method: string, prefix: string) => calls.filter((c) => c.method === method && c.path.startsWith(prefix)),
    grants,
    tokenLifetime: 28_799,
    validAccessTokens,
    addonLogInputUrls,
    script(s: ScriptedAnswer) {
      scripted.push({ times: 1, ...s });
    },
    waitFor(predicate: (call: RecordedCall) => boolean) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<RecordedCall>((resolve) => waiters.push({ predicate, resolve }));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies HerokuStandIn);
  return stand;
}

/** A provision body whose oauth_grant the stand-in will exchange (expiring in 5 minutes unless told). */
export function withGrant(stand: HerokuStandIn, body: Record<string, unknown>, expiresAt = new Date(Date.now() + 300_000)): Record<string, unknown> {
  const code = `grant-${String(body.uuid)}`;
  stand.grants.add(code);
  return { ...body, oauth_grant: { code, expires_at: expiresAt.toISOString(), type: 'authorization_code' } };
}

/** The environment that points a Vanity server at the stand-in instead of Heroku. */
export function standInEnv(stand: HerokuStandIn, clientSecret = 'test-oauth-client-secret'): Record<string, string> {
  return { HEROKU_ID_URL: stand.url, HEROKU_API_URL: stand.url, VANITY_OAUTH_CLIENT_SECRET: clientSecret, VANITY_PLATFORM_RETRY_BASE_MS: '5' };
}
