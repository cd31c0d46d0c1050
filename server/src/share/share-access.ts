import { createHmac } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../http/json.js';
import type { Resource } from '../model/resource.js';
import type { Share } from '../model/share.js';
import type { ResourceStore, ShareStore } from '../store/store.js';
import { TOKEN_PATTERN, shareTokenHash } from './share-secrets.js';

export interface OpenShare {
  share: Share;
  resource: Resource;
  token: string;
}

export const SHARE_GONE = 'This shared link does not exist: it was never made, it was revoked, or it has expired.';
const UNLOCK_COOKIE = 'vanity_share';
/** How long a correct password unlocks the link in that browser. */
export const UNLOCK_TTL_MS = 12 * 3600 * 1000;

/** The live, unexpired share behind a link, and its live resource; 404 for anything else, alike. */
export async function openShare(store: ShareStore & ResourceStore, token: string, nowMs: number): Promise<OpenShare> {
  const share = TOKEN_PATTERN.test(token) ? await store.getShareByTokenHash(shareTokenHash(token)) : null;
  const expired = share !== null && share.expiresAt !== null && share.expiresAt * 1000 <= nowMs;
  const resource = share && !expired ? await store.getResource(share.resourceId) : null;
  if (!share || !resource) throw new HttpError(404, SHARE_GONE);
  return { share, resource, token };
}

export function sharePath(token: string): string {
  return `/share/${token}`;
}

/** A key of its own for the unlock cookie: it says nothing about the session cookie's. */
export function unlockCookies(secret: string): RequestHandler {
  return cookieParser(createHmac('sha256', secret).update('share-unlock-cookie').digest('base64url'));
}

/** After the right password: this browser may see this one link (the cookie is scoped to its path) for a while. */
export function setUnlocked(req: Request, res: Response, open: OpenShare, nowMs: number): void {
  res.cookie(UNLOCK_COOKIE, { share: open.share.id, until: nowMs + UNLOCK_TTL_MS }, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: sharePath(open.token),
    maxAge: UNLOCK_TTL_MS,
  });
}

/** Whether the link needs no password, or this browser gave it (and it is the same share, unexpired). */
export function isUnlocked(req: Request, open: OpenShare, nowMs: number): boolean {
  if (open.share.passwordHash === null) return true;
  const value = (req.signedCookies as Record<string, unknown> | undefined)?.[UNLOCK_COOKIE] as { share?: unknown; until?: unknown } | undefined;
  return value?.share === open.share.id && typeof value.until === 'number' && value.until > nowMs;
}
