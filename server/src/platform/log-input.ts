import { backoffMs, retryableStatus, sleep } from './backoff.js';
import type { RetryPolicy } from './backoff.js';
import type { PlatformApi } from './platform-api.js';
import type { SecretBox } from './token-crypto.js';
import { USER_AGENT } from './user-agent.js';
import type { PlatformStore } from '../store/platform-store.js';

/** One line for the app's log: l2met-style `key=value` pairs, `source=vanity` first. */
export interface AppLogLine {
  time: Date;
  fields: Record<string, string | number | boolean>;
}

const BARE_VALUE = /^[A-Za-z0-9_.:/@#%+-]+$/;

/** `source=vanity milestone=1000 …`: values with anything but plain characters are double-quoted. */
export function l2metMessage(fields: AppLogLine['fields']): string {
  return Object.entries({ source: 'vanity', ...fields })
    .map(([key, value]) => {
      const text = String(value);
      return `${key}=${BARE_VALUE.test(text) ? text : JSON.stringify(text.replace(/[\r\n]+/g, ' '))}`;
    })
    .join(' ');
}

/**
 * Logplex-1 framing: RFC 5424 messages, each prefixed with its length in bytes (RFC 6587 octet
 * counting). Host `vanity`, app `app`, process `vanity`: the line reads `app[vanity]: source=vanity …`
 * in `heroku logs`, as other add-ons' lines do (heroku-postgres writes `app[heroku-postgres]`).
 */
export function logplexBody(lines: readonly AppLogLine[]): Buffer {
  return Buffer.concat(
    lines.map(({ time, fields }) => {
      const syslog = Buffer.from(`<190>1 ${time.toISOString()} vanity app vanity - - ${l2metMessage(fields)}`, 'utf8');
      return Buffer.concat([Buffer.from(`${syslog.length} `, 'ascii'), syslog]);
    }),
  );
}

export type LogInputResult =
  | { outcome: 'delivered'; status: number }
  /** Logplex refused the request (4xx): the URL may have been rotated. */
  | { outcome: 'rejected'; status: number; reason: string }
  /** Still 5xx or unreachable after every retry. */
  | { outcome: 'failed'; reason: string };

/** fetch() refuses URLs with credentials: the userinfo goes into a Basic Authorization header. */
function splitCredentials(url: string): { target: URL; authorization: string | undefined } {
  const target = new URL(url);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  target.username = '';
  target.password = '';
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  return { target, authorization };
}

/**
 * POSTs lines to a Logplex log input URL (`https://token:t.<uuid>@…/logs`) with `Content-Length`
 * (Logplex refuses chunked bodies), `Logplex-Msg-Count` and Vanity's User-Agent. 5xx, 429 and
 * network errors are retried with backoff; a 4xx is returned at once, since repeating the same
 * request cannot help. `frameId` is sent as `Logplex-Frame-Id`, the same on every retry.
 */
export async function postLogLines(url: string, lines: readonly AppLogLine[], retry: RetryPolicy, frameId?: string): Promise<LogInputResult> {
  const { target, authorization } = splitCredentials(url);
  const body = logplexBody(lines);
  const headers: Record<string, string> = {
    'content-type': 'application/logplex-1',
    'content-length': String(body.length),
    'logplex-msg-count': String(lines.length),
    'user-agent': USER_AGENT,
    ...(authorization ? { authorization } : {}),
    ...(frameId ? { 'logplex-frame-id': frameId } : {}),
  };
  let reason = 'not tried';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    let retryAfter: string | null = null;
    try {
      const res = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
      await res.body?.cancel();
      if (res.ok) return { outcome: 'delivered', status: res.status };
      if (!retryableStatus(res.status)) return { outcome: 'rejected', status: res.status, reason: `log input answered ${res.status}` };
      reason = `log input answered ${res.status}`;
      retryAfter = res.headers.get('retry-after');
    } catch (error) {
      reason = `could not reach the log input (${(error as Error).message})`;
    }
    if (attempt < retry.attempts) await sleep(backoffMs(retry, attempt, retryAfter));
  }
  return { outcome: 'failed', reason };
}

export interface AppLogDeps {
  store: PlatformStore;
  box: SecretBox;
  api: PlatformApi;
  retry: RetryPolicy;
  /** Told whether each write that reached the log input was delivered (the self-metrics count them). */
  onDelivery?: (delivered: boolean) => void;
}

/** The add-on as the Platform API returns it: only the field we read. UNCONFIRMED that it carries log_input_url. */
interface AddonInfo {
  log_input_url?: unknown;
}

export type AppLogResult = LogInputResult | { outcome: 'no_log_input'; reason: string };

/**
 * Writes lines into a resource's app log through the `log_input_url` stored at provision. On a
 * 4xx the URL may have been rotated: it is read again from the Platform API (`GET /addons/{uuid}`),
 * stored, and the lines are posted once more to the new URL. Used by milestones and by alerts'
 * app-log channel.
 */
export async function writeAppLog(
  deps: AppLogDeps,
  resource: { seq: number; id: string },
  lines: readonly AppLogLine[],
  frameId?: string,
): Promise<AppLogResult> {
  const result = await postToAppLog(deps, resource, lines, frameId);
  if (result.outcome !== 'no_log_input') deps.onDelivery?.(result.outcome === 'delivered');
  return result;
}

async function postToAppLog(
  deps: AppLogDeps,
  resource: { seq: number; id: string },
  lines: readonly AppLogLine[],
  frameId?: string,
): Promise<AppLogResult> {
  const platform = await deps.store.getPlatform(resource.seq);
  if (!platform?.logInputUrl) return { outcome: 'no_log_input', reason: 'Heroku sent no log_input_url for this add-on' };
  const url = deps.box.open(platform.logInputUrl);
  const first = await postLogLines(url, lines, deps.retry, frameId);
  if (first.outcome !== 'rejected') return first;
  let fresh: string;
  try {
    const addon = await deps.api.request<AddonInfo>(resource.seq, 'GET', `/addons/${encodeURIComponent(resource.id)}`);
    if (typeof addon?.log_input_url !== 'string' || addon.log_input_url === url) return first;
    fresh = addon.log_input_url;
  } catch (error) {
    return { ...first, reason: `${first.reason}; re-reading the log input URL failed: ${(error as Error).message}` };
  }
  await deps.store.updatePlatform(resource.seq, { logInputUrl: deps.box.seal(fresh) });
  return postLogLines(fresh, lines, deps.retry, frameId);
}

/**
 * `writeAppLog` as the alerts' app-log channel wants it: one line now, rejecting with the reason
 * when it was not delivered (the caller retries with its own backoff).
 */
export function appLogWriter(deps: AppLogDeps & { now: () => Date }) {
  return async (resource: { seq: number; id: string }, fields: AppLogLine['fields'], frameId: string): Promise<void> => {
    const result = await writeAppLog(deps, resource, [{ time: deps.now(), fields }], frameId);
    if (result.outcome !== 'delivered') throw new Error(result.reason);
  };
}
