import { createHmac } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { Request, RequestHandler, Response } from 'express';
import { randomToken, safeEqual } from '../secrets.js';

export const ADMIN_COOKIE = 'vanity_admin';
export const ADMIN_SESSION_TTL_MS = 2 * 60 * 60 * 1000;

/** An operator's session: lives in a signed cookie only, like the dashboard's, under a key of its own. */
export interface AdminSession {
  role: 'operator';
  /** Every console form must echo it back. */
  csrf: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

/** Distinct from the dashboard's cookie key: an add-on user's session can never pass as an operator's. */
function adminCookieKey(secret: string): string {
  return createHmac('sha256', secret).update('operator-session-cookie').digest('base64url');
}

export function adminCookies(secret: string): RequestHandler {
  return cookieParser(adminCookieKey(secret));
}

export function startAdminSession(req: Request, res: Response, now = Date.now()): AdminSession {
  const session: AdminSession = { role: 'operator', csrf: randomToken(), expiresAt: now + ADMIN_SESSION_TTL_MS };
  res.cookie(ADMIN_COOKIE, session, {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: ADMIN_SESSION_TTL_MS,
  });
  return session;
}

export function endAdminSession(req: Request, res: Response): void {
  res.clearCookie(ADMIN_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

function isAdminSession(value: unknown): value is AdminSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.role === 'operator' && typeof v.csrf === 'string' && typeof v.expiresAt === 'number';
}

/** The request's unexpired, correctly signed operator session, if any. */
export function readAdminSession(req: Request, now = Date.now()): AdminSession | undefined {
  const value = (req.signedCookies as Record<string, unknown> | undefined)?.[ADMIN_COOKIE];
  return isAdminSession(value) && value.expiresAt > now ? value : undefined;
}

/** A state change's CSRF check: the form's token against the session's, in constant time. */
export function csrfMatches(session: AdminSession, sent: unknown): boolean {
  return typeof sent === 'string' && safeEqual(sent, session.csrf);
}
