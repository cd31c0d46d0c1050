import { randomUUID } from 'node:crypto';
import { rebaseOrigin } from '../../src/simulate/credentialed-url.js';
import type { TestServer } from './test-server.js';

export interface Provisioned {
  id: string;
  vanityUrl: string;
  logDrainUrl: string;
  logDrainToken: string;
  message: string;
}

export function provisionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const uuid = randomUUID();
  return {
    uuid,
    name: 'acme-vanity',
    plan: 'hobby',
    region: 'amazon-web-services::us-east-1',
    callback_url: `https://api.heroku.com/addons/${uuid}`,
    oauth_grant: { code: randomUUID(), expires_at: '2016-03-03T18:01:31-0800', type: 'authorization_code' },
    options: {},
    log_drain_token: `d.${uuid}`,
    ...overrides,
  };
}

/** A provider API call with Heroku's credentials and headers. */
export function providerFetch(server: TestServer, method: string, path: string, body?: unknown, auth = server.providerAuth) {
  return fetch(`${server.url}/heroku/resources${path}`, {
    method,
    headers: {
      authorization: auth,
      'content-type': 'application/json',
      accept: 'application/vnd.heroku-addons+json; version=3',
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Provisions a resource and returns its URLs; throws unless Heroku would see 200. */
export async function provision(server: TestServer, overrides: Record<string, unknown> = {}): Promise<Provisioned> {
  const body = provisionBody(overrides);
  const res = await providerFetch(server, 'POST', '', body);
  const json = (await res.json()) as { id: string; config: { VANITY_URL: string }; log_drain_url: string; message: string };
  if (res.status !== 200) throw new Error(`provision failed: ${res.status} ${JSON.stringify(json)}`);
  return {
    id: json.id,
    vanityUrl: json.config.VANITY_URL,
    // The drain URL is https (as Logplex needs); the test server speaks http on its own origin.
    logDrainUrl: rebaseOrigin(json.log_drain_url, server.url),
    logDrainToken: body.log_drain_token as string,
    message: json.message,
  };
}

/** fetch() refuses URLs with credentials: move the userinfo (if any) into an Authorization header. */
export function fetchWithUserinfo(url: string, init: RequestInit = {}): Promise<Response> {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return fetch(parsed, init);
  const auth = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  parsed.username = '';
  parsed.password = '';
  const headers = new Headers(init.headers);
  headers.set('authorization', `Basic ${auth}`);
  return fetch(parsed, { ...init, headers });
}
