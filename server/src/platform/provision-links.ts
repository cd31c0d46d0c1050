import type { NewPlatformLinks } from '../store/platform-store.js';
import type { SecretBox } from './token-crypto.js';

/** The grant code lives about 5 minutes; when Heroku's expires_at cannot be read, assume that. */
const GRANT_LIFETIME_SECONDS = 300;

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

interface OAuthGrant {
  code?: unknown;
  expires_at?: unknown;
}

/**
 * What a provision request tells us for talking back to Heroku: `callback_url`, the app's
 * `log_input_url` and the `oauth_grant`. Secrets are sealed before they reach the store. Absent
 * or malformed fields are simply absent (kensa and older callers send none of them).
 */
export function provisionLinks(body: { callback_url?: unknown; log_input_url?: unknown; oauth_grant?: unknown }, box: SecretBox, now: number): NewPlatformLinks {
  const grant = typeof body.oauth_grant === 'object' && body.oauth_grant !== null ? (body.oauth_grant as OAuthGrant) : null;
  const code = typeof grant?.code === 'string' && grant.code !== '' ? grant.code : null;
  const expiresAt = typeof grant?.expires_at === 'string' ? Date.parse(grant.expires_at) : Number.NaN;
  const logInputUrl = httpUrl(body.log_input_url);
  return {
    callbackUrl: httpUrl(body.callback_url),
    logInputUrl: logInputUrl ? box.seal(logInputUrl) : null,
    grantCode: code ? box.seal(code) : null,
    grantExpiresAt: code ? (Number.isNaN(expiresAt) ? now + GRANT_LIFETIME_SECONDS : Math.floor(expiresAt / 1000)) : null,
    tokenState: code ? 'pending' : 'none',
    tokenReason: code ? 'waiting for the grant exchange' : 'Heroku sent no oauth_grant',
    updatedAt: now,
  };
}
