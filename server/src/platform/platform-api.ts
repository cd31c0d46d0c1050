import { backoffMs, retryableStatus, sleep } from './backoff.js';
import type { RetryPolicy } from './backoff.js';
import { USER_AGENT } from './user-agent.js';

/** Where the client gets a resource's access token; each token is scoped to one add-on resource. */
export interface TokenSource {
  /** A usable access token (refreshed first when it is about to expire), or null when there is none. */
  accessToken(resourceSeq: number): Promise<string | null>;
  /** Refreshes now (Heroku answered 401) and returns the new token, or null when that failed. */
  refresh(resourceSeq: number): Promise<string | null>;
}

export class PlatformApiError extends Error {
  constructor(
    message: string,
    /** Heroku's status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface PlatformApi {
  /** One Platform API call on behalf of a resource; resolves to the parsed JSON body (null when empty). */
  request<T = unknown>(resourceSeq: number, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface PlatformApiOptions {
  apiUrl: string;
  tokens: TokenSource;
  retry: RetryPolicy;
}

/** Heroku's error bodies are `{ id, message }`; the message is what the operator needs to read. */
async function herokuMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const json = JSON.parse(text) as { id?: unknown; message?: unknown };
    if (typeof json.message === 'string') return `${json.message}${typeof json.id === 'string' ? ` (${json.id})` : ''}`;
  } catch {
    // Not JSON: fall through to the status alone.
  }
  return res.statusText || 'no message';
}

/**
 * The one Platform API client: Bearer token, `Accept: application/vnd.heroku+json; version=3`,
 * Vanity's User-Agent; 429 and 5xx (and network errors) retried with backoff, 401 answered by a
 * refresh and one more try. No other code builds Platform API requests.
 */
export function platformApi({ apiUrl, tokens, retry }: PlatformApiOptions): PlatformApi {
  return {
    async request<T>(resourceSeq: number, method: string, path: string, body?: unknown): Promise<T> {
      let token = await tokens.accessToken(resourceSeq);
      if (token === null) throw new PlatformApiError('no Platform API token for this add-on yet');
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        let res: Response;
        try {
          res = await fetch(`${apiUrl}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/vnd.heroku+json; version=3',
              'user-agent': USER_AGENT,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
        } catch (error) {
          if (attempt >= retry.attempts) throw new PlatformApiError(`${method} ${path}: could not reach the Platform API (${(error as Error).message})`);
          await sleep(backoffMs(retry, attempt));
          continue;
        }
        if (res.ok) {
          const text = await res.text();
          return (text === '' ? null : JSON.parse(text)) as T;
        }
        if (res.status === 401 && !refreshed) {
          await res.body?.cancel();
          refreshed = true;
          const fresh = await tokens.refresh(resourceSeq);
          if (fresh === null) throw new PlatformApiError(`${method} ${path}: Heroku refused the token and it could not be refreshed`, 401);
          token = fresh;
          attempt--;
          continue;
        }
        if (retryableStatus(res.status) && attempt < retry.attempts) {
          const retryAfter = res.headers.get('retry-after');
          await res.body?.cancel();
          await sleep(backoffMs(retry, attempt, retryAfter));
          continue;
        }
        throw new PlatformApiError(`${method} ${path}: Heroku answered ${res.status}: ${await herokuMessage(res)}`, res.status);
      }
    },
  };
}
