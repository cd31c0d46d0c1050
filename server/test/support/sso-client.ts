import { createHash } from 'node:crypto';
import type { TestServer } from './test-server.js';

/** The salt the SSO suites run with (set through VANITY_SSO_SALT). */
export const TEST_SSO_SALT = 'salty';

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

export interface SsoUser {
  userId: string;
  email: string;
}

export const TEST_USER: SsoUser = { userId: '11111111-2222-3333-4444-555555555555', email: 'user@example.com' };

/** The v3 form Heroku posts to sso_url, with tokens computed here (independently of the server). */
export function ssoForm(
  resourceId: string,
  timestampSeconds: number,
  { salt = TEST_SSO_SALT, user = TEST_USER, app = 'acme', userScoped = true, resourceToken = true } = {},
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const form: Record<string, string> = {
    resource_id: resourceId,
    timestamp,
    user_id: user.userId,
    email: user.email,
    app,
    context_app: app,
    'nav-data': 'eyJhZGRvbiI6IlZhbml0eSIsImFwcG5hbWUiOiJhY21lIn0=',
  };
  if (resourceToken) form.resource_token = hex('sha1', `${resourceId}:${salt}:${timestamp}`);
  if (userScoped) {
    form.user_scoped_resource_token = hex('sha256', `${resourceId}:${salt}:${timestamp}:${user.userId}:${user.email}`);
  }
  return form;
}

/** The legacy v1 GET query: `id`, `token`, `timestamp`. */
export function legacySsoQuery(resourceId: string, timestampSeconds: number, salt = TEST_SSO_SALT): URLSearchParams {
  const timestamp = String(timestampSeconds);
  return new URLSearchParams({ token: hex('sha1', `${resourceId}:${salt}:${timestamp}`), timestamp, email: TEST_USER.email });
}

export function ssoPost(server: TestServer, form: Record<string, string>, { path = '/sso/login', headers = {} } = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

/** Set-Cookie headers, split into name, raw value and lower-cased attributes. */
export function setCookies(res: Response): Map<string, SetCookie> {
  const cookies = new Map<string, SetCookie>();
  for (const header of res.headers.getSetCookie()) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    cookies.set(name, { name, value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) });
  }
  return cookies;
}

/** A Cookie request header carrying every cookie a response set. */
export function cookieHeader(res: Response): string {
  return [...setCookies(res).values()].map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** Signs in through the v3 POST and returns the Cookie header for later requests. */
export async function signIn(server: TestServer, resourceId: string, nowMs = Date.now()): Promise<string> {
  const res = await ssoPost(server, ssoForm(resourceId, Math.floor(nowMs / 1000)));
  if (res.status !== 302) throw new Error(`SSO failed: ${res.status} ${await res.text()}`);
  return cookieHeader(res);
}

export function getPage(server: TestServer, path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}
