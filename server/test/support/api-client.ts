import { assertAnswerMatchesSpec } from './openapi-contract.js';
import { fetchWithUserinfo } from './provider-client.js';

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Every developer API call of the tests goes through here: the userinfo of the URL (if any) is
 * sent as basic auth, and the answer must match server/openapi.yaml (route, status, media type,
 * body schema) or the call throws. Use it for every new API route too.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetchWithUserinfo(url, init);
  assertAnswerMatchesSpec({
    method: init.method ?? 'GET',
    path: new URL(url).pathname,
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: await res.clone().text(),
  });
  return res;
}

/** GET on a VANITY_URL path with its userinfo as basic auth, checked against the spec. */
export async function apiGet<T = Record<string, unknown>>(vanityUrl: string, path: string): Promise<ApiAnswer<T>> {
  const res = await apiFetch(`${vanityUrl}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}
