import type { PlatformRecord } from '../store/platform-store.js';
import { nextAttemptAt, retryableStatus } from './backoff.js';
import type { PlatformConfig } from '../config.js';
import type { Logger } from '../log/logger.js';
import type { PlatformStore } from '../store/platform-store.js';
import type { RetryPolicy } from './backoff.js';
import type { SecretBox } from './token-crypto.js';
import { unixNow } from './clock.js';
import type { TokenSource } from './platform-api.js';
import { USER_AGENT } from './user-agent.js';

export interface TokenDeps {
  config: PlatformConfig;
  store: PlatformStore;
  box: SecretBox;
  retry: RetryPolicy;
  log: Logger;
  now: () => Date;
}

/** Refresh this long before the access token expires (Heroku's last about 8 hours). */
export const REFRESH_AHEAD_SECONDS = 600;

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

type TokenOutcome = { ok: true; token: TokenResponse } | { ok: false; retryable: boolean; reason: string };

function isTokenResponse(value: unknown): value is TokenResponse {
  const v = value as Partial<TokenResponse> | null;
  return typeof v?.access_token === 'string' && typeof v.expires_in === 'number';
}

/** One POST to `{HEROKU_ID_URL}/oauth/token`, form-encoded. The reason never contains a secret. */
async function postToken(deps: TokenDeps, form: Record<string, string>): Promise<TokenOutcome> {
  let res: Response;
  try {
    res = await fetch(`${deps.config.idUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': USER_AGENT },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    return { ok: false, retryable: true, reason: `could not reach ${deps.config.idUrl} (${(error as Error).message})` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok && isTokenResponse(body)) return { ok: true, token: body };
  const herokuId = typeof (body as { id?: unknown } | null)?.id === 'string' ? ` (${(body as { id: string }).id})` : '';
  const reason = res.ok ? 'id.heroku.com answered without an access token' : `id.heroku.com answered ${res.status}${herokuId}`;
  return { ok: false, retryable: !res.ok && retryableStatus(res.status), reason };
}

function tokenPatch(deps: TokenDeps, token: TokenResponse, previousRefresh: string | null) {
  const now = unixNow(deps);
  return {
    tokenState: 'ok' as const,
    tokenReason: null,
    accessToken: deps.box.seal(token.access_token),
    refreshToken: token.refresh_token ? deps.box.seal(token.refresh_token) : previousRefresh,
    tokenExpiresAt: now + token.expires_in,
    grantCode: null,
    attempts: 0,
    nextAttemptAt: 0,
    updatedAt: now,
  };
}

/** The configs whose operator was told that grants are not exchanged (once per server). */
const toldNoClientSecret = new WeakSet<TokenDeps['config']>();

/** Says once that grants are not exchanged, and why. */
function clientSecret(deps: TokenDeps): string | undefined {
  const secret = deps.config.oauthClientSecret;
  if (!secret && !toldNoClientSecret.has(deps.config)) {
    toldNoClientSecret.add(deps.config);
    deps.log.warn('VANITY_OAUTH_CLIENT_SECRET is not set: OAuth grants are not exchanged, so rotation, milestones by Platform API and release webhooks are off');
  }
  return secret;
}

/**
 * Exchanges a resource's pending grant code (grant_type=authorization_code). A failure Heroku
 * may get over (5xx, 429, network) is retried in later rounds with backoff until the grant's
 * `expires_at`; a refusal, or the expiry, leaves the token `failed` with the reason.
 */
export async function exchangeGrant(deps: TokenDeps, record: PlatformRecord): Promise<void> {
  const now = unixNow(deps);
  if (record.tokenState !== 'pending' || record.nextAttemptAt > now) return;
  const expired = record.grantExpiresAt !== null && record.grantExpiresAt < now;
  if (!record.grantCode || expired) {
    const reason = deps.config.oauthClientSecret
      ? 'the OAuth grant expired before it could be exchanged'
      : 'the OAuth grant expired: VANITY_OAUTH_CLIENT_SECRET is not set';
    await deps.store.updatePlatform(record.resourceSeq, { tokenState: 'failed', tokenReason: reason, grantCode: null, updatedAt: now });
    return;
  }
  const secret = clientSecret(deps);
  if (!secret) return;
  const outcome = await postToken(deps, { grant_type: 'authorization_code', code: deps.box.open(record.grantCode), client_secret: secret });
  if (outcome.ok) {
    await deps.store.updatePlatform(record.resourceSeq, tokenPatch(deps, outcome.token, record.refreshToken));
    deps.log.info('oauth grant exchanged', { resource: record.resourceId });
    return;
  }
  const attempts = record.attempts + 1;
  await deps.store.updatePlatform(
    record.resourceSeq,
    outcome.retryable
      ? { tokenReason: `exchange failed, retrying: ${outcome.reason}`, attempts, nextAttemptAt: nextAttemptAt(now, attempts), updatedAt: now }
      : { tokenState: 'failed', tokenReason: `exchange refused: ${outcome.reason}`, grantCode: null, attempts, updatedAt: now },
  );
  deps.log.warn('oauth grant exchange failed', { resource: record.resourceId, reason: outcome.reason });
}

/** Refreshes the access token (grant_type=refresh_token); null when that was not possible. */
export async function refreshToken(deps: TokenDeps, record: PlatformRecord): Promise<string | null> {
  const secret = clientSecret(deps);
  if (!secret || !record.refreshToken) return null;
  const now = unixNow(deps);
  const outcome = await postToken(deps, { grant_type: 'refresh_token', refresh_token: deps.box.open(record.refreshToken), client_secret: secret });
  if (outcome.ok) {
    await deps.store.updatePlatform(record.resourceSeq, tokenPatch(deps, outcome.token, record.refreshToken));
    return outcome.token.access_token;
  }
  const stillValid = (record.tokenExpiresAt ?? 0) > now;
  await deps.store.updatePlatform(
    record.resourceSeq,
    outcome.retryable && stillValid
      ? { tokenReason: `refresh failed, retrying: ${outcome.reason}`, updatedAt: now }
      : { tokenState: 'failed', tokenReason: `refresh failed: ${outcome.reason}`, updatedAt: now },
  );
  deps.log.warn('oauth token refresh failed', { resource: record.resourceId, reason: outcome.reason });
  return null;
}

/** A token that expires within REFRESH_AHEAD_SECONDS is refreshed by the job before it runs out. */
export function needsRefresh(record: PlatformRecord, now: number): boolean {
  return record.tokenState === 'ok' && record.tokenExpiresAt !== null && record.tokenExpiresAt - REFRESH_AHEAD_SECONDS <= now;
}

/** The Platform API client's tokens: the stored one, refreshed first when it is about to expire. */
export function tokenSource(deps: TokenDeps): TokenSource {
  const current = (seq: number) => deps.store.getPlatform(seq);
  return {
    async accessToken(seq) {
      const record = await current(seq);
      if (!record || record.tokenState !== 'ok' || !record.accessToken) return null;
      if ((record.tokenExpiresAt ?? 0) - 60 <= unixNow(deps)) return refreshToken(deps, record);
      return deps.box.open(record.accessToken);
    },
    async refresh(seq) {
      const record = await current(seq);
      return record && record.tokenState === 'ok' ? refreshToken(deps, record) : null;
    },
  };
}
