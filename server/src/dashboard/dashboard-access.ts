import type { Request } from 'express';
import { HttpError } from '../http/json.js';
import { safeEqual } from '../secrets.js';
import { readSession } from '../sso/session.js';
import type { Session } from '../sso/session.js';
import type { Resource } from '../model/resource.js';
import type { ResourceStore } from '../store/store.js';

export interface DashboardAccess {
  session: Session;
  resource: Resource;
}

/**
 * The session must exist, be unexpired and be for exactly the resource in the URL;
 * the resource must still be provisioned. The session is checked first so that
 * nothing about other resources leaks.
 */
export async function authorizeDashboard(req: Request, store: ResourceStore, nowMs: number): Promise<DashboardAccess> {
  const session = readSession(req, nowMs);
  if (!session) throw new HttpError(401, 'Your Vanity session has expired or you have not signed in yet.');
  if (session.resourceId !== req.params.id) throw new HttpError(403, 'You are signed in to a different Vanity add-on.');
  const resource = await store.getResource(session.resourceId);
  if (!resource) throw new HttpError(403, 'This Vanity add-on does not exist or has been removed.');
  return { session, resource };
}

/** Every dashboard form echoes the session's CSRF token; SameSite=Lax is the first line. */
export function checkCsrf(session: Session, submitted: unknown): void {
  if (typeof submitted !== 'string' || !safeEqual(submitted, session.csrf)) {
    throw new HttpError(403, 'This form has expired. Reload the dashboard and try again.');
  }
}
