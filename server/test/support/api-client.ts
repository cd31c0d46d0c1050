import { fetchWithUserinfo } from './provider-client.js';

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** GET on a VANITY_URL path with its userinfo as basic auth. */
export async function apiGet<T = Record<string, unknown>>(vanityUrl: string, path: string): Promise<ApiAnswer<T>> {
  const res = await fetchWithUserinfo(`${vanityUrl}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}
