import { CLIError } from '@oclif/core/errors';
import type { VanityTarget } from './find-vanity-url.js';

export class VanityApiError extends CLIError {}

export type QueryParams = Record<string, string | number | undefined>;

/** The JSON reports, and the downloads (`export`, `export.csv`) that are streamed as they come. */
export type JsonEndpoint = 'counts' | 'top';
export type DownloadEndpoint = 'export' | 'export.csv';

const TIMEOUT_MS = 30_000;

/**
 * GETs `<VANITY_URL>/<endpoint>` with plain fetch. The credential comes from the URL's userinfo
 * (fetch refuses URLs that carry one), and nothing else is sent: never the Heroku token.
 */
export async function getVanityJson<T>(target: VanityTarget, endpoint: JsonEndpoint, params: QueryParams): Promise<T> {
  return requestVanityJson<T>(target, 'GET', endpoint, { params });
}

export interface VanityRequest {
  params?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
}

/** Any call of the developer API: `<VANITY_URL>/<path>`. A 204 resolves to undefined. */
export async function requestVanityJson<T>(target: VanityTarget, method: 'GET' | 'POST' | 'DELETE', path: string, call: VanityRequest = {}): Promise<T> {
  const { response, url } = await request(target, path, call.params ?? {}, AbortSignal.timeout(TIMEOUT_MS), method, call.body);
  if (response.status === 204) return undefined as T;
  const body = await readJson(response, url);
  if (response.ok) return body as T;
  throw new VanityApiError(failureMessage(response.status, body, target));
}

/** GETs a download; resolves once the status is 200, with the body still to be read (a stream). */
export async function getVanityDownload(target: VanityTarget, endpoint: DownloadEndpoint, params: QueryParams): Promise<Response> {
  // The timeout is for the answer to start: a large export may take longer to arrive whole.
  const started = new AbortController();
  const timer = setTimeout(() => started.abort(new DOMException('no answer', 'TimeoutError')), TIMEOUT_MS);
  const { response, url } = await request(target, endpoint, params, started.signal).finally(() => clearTimeout(timer));
  if (response.ok) return response;
  throw new VanityApiError(failureMessage(response.status, await readJson(response, url), target));
}

async function request(
  target: VanityTarget,
  path: string,
  params: QueryParams,
  signal: AbortSignal,
  method = 'GET',
  body?: unknown,
): Promise<{ response: Response; url: URL }> {
  const { url, authorization } = splitCredential(target);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return { response: await send(url, authorization, target, signal, method, body), url };
}

function splitCredential(target: VanityTarget): { url: URL; authorization: string } {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new VanityApiError(`${target.source} is not a URL; it should look like https://<id>:<key>@<host>/api.`);
  }
  if (!url.username) {
    throw new VanityApiError(`${target.source} has no credential in it; it should look like https://<id>:<key>@<host>/api.`);
  }
  const credential = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url, authorization: `Basic ${Buffer.from(credential).toString('base64')}` };
}

async function send(url: URL, authorization: string, target: VanityTarget, signal: AbortSignal, method = 'GET', body?: unknown): Promise<Response> {
  try {
    return await fetch(url, {
      method,
      headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error',
      signal,
    });
  } catch (error) {
    throw new VanityApiError(
      `Could not reach Vanity at ${url.origin} (${reason(error)}), the server named by ${target.source}. ` +
        'Check your network and try again in a minute.',
    );
  }
}

function reason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer in ${TIMEOUT_MS / 1000}s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? String(error);
}

async function readJson(response: Response, url: URL): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VanityApiError(`Vanity at ${url.origin} answered ${response.status} with something other than JSON.`);
  }
}

function failureMessage(status: number, body: unknown, target: VanityTarget): string {
  if (status === 401) {
    return (
      `Vanity rejected the credential in ${target.source}. ` +
      'If the add-on was destroyed and re-created, its URL changed: ' +
      (target.configVar && target.app
        ? `see \`heroku addons -a ${target.app}\` and \`heroku config:get ${target.configVar} -a ${target.app}\`.`
        : 'set the new one.')
    );
  }
  const message = (body as { message?: unknown } | null)?.message;
  const detail = typeof message === 'string' ? message : `status ${status}`;
  if (status >= 500) return `Vanity is having trouble (${detail}). Try again in a minute.`;
  return `Vanity: ${detail}`;
}
