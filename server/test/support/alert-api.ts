import { apiFetch } from './api-client.js';

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A JSON request to a VANITY_URL path with its userinfo as basic auth, its answer checked against the spec. */
export async function apiSend(vanityUrl: string, method: string, path: string, body?: unknown): Promise<JsonAnswer> {
  const res = await apiFetch(`${vanityUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
