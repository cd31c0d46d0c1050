import cookieParser from 'cookie-parser';
import type { Request, RequestHandler, Response } from 'express';
import { purposeKey, randomToken } from '../secrets.js';
import type { SsoIdentity } from './sso-request.js';

export const SESSION_COOKIE = 'vanity_session';
/** Heroku's SSO guidance: 90-minute sessions. */
export const SESSION_TTL_MS = 90 * 60 * 1000;

/** A dashboard session: one resource, from one Heroku SSO. Lives in a signed cookie only. */
export interface Session extends SsoIdentity {
  /** Per-session token every dashboard form must echo back. */
  csrf: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

/** A key of its own for signing cookies, so a leaked cookie key says nothing about API keys. */
function cookieSigningKey(secret: string): string {
  return purposeKey(secret, 'dashboard-session-cookie').toString('base64url');
}

/** Parses cookies and verifies signed ones (HMAC via cookie-signature) into `req.signedCookies`. */
export function sessionCookies(secret: string): RequestHandler {
  return cookieParser(cookieSigningKey(secret));
}

export function startSession(req: Request, res: Response, identity: SsoIdentity, now = Date.now()): Session {
  const session: Session = { ...identity, csrf: randomToken(), expiresAt: now + SESSION_TTL_MS };
  res.cookie(SESSION_COOKIE, session, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
  return session;
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    ['resourceId', 'email', 'app', 'csrf'].every((name) => typeof candidate[name] === 'string') &&
    typeof candidate.expiresAt === 'number'
  );
}

/** The request's unexpired, correctly signed session, if any. */
export function readSession(req: Request, now = Date.now()): Session | undefined {
  const signed = req.signedCookies as Record<string, unknown> | undefined;
  const value = signed?.[SESSION_COOKIE];
  if (!isSession(value) || value.expiresAt <= now) return undefined;
  return value;
}
