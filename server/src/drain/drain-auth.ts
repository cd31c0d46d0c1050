import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { basicCredentials } from '../http/basic-auth.js';
import { headerValue } from '../http/headers.js';
import { HttpError } from '../http/json.js';
import { isResourceId } from '../model/resource-id.js';
import { unixNow } from '../platform/clock.js';
import { keyMatches } from '../rotation/overlap-keys.js';
import { safeEqual, sha256Hex } from '../secrets.js';
import type { Resource } from '../model/resource.js';
import type { ResourceStore } from '../store/store.js';

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Vanity drain"' };

/**
 * Authenticates a logplex POST to `/logs/:id` before its body is read: the resource must be
 * live (else 404), the basic-auth password must be its drain key (the userinfo of the
 * log_drain_url; during a rotation's overlap the previous drain key too, `keyMatches`), and a
 * `Logplex-Drain-Token` header, when present, must be its drain token.
 * Any 4xx makes logplex drop the batch for good, which is what a forged request deserves.
 * Rejects with the HttpError to answer.
 */
export async function drainResourceFor(store: ResourceStore, id: string, headers: IncomingHttpHeaders, now: () => Date): Promise<Resource> {
  const resource = !isResourceId(id)
    ? null
    : await store.getResource(id).catch(() => {
        throw new HttpError(503, 'could not read the add-on resource right now; retry');
      });
  if (!resource) throw new HttpError(404, 'no such add-on resource (unknown or deprovisioned)');
  const password = basicCredentials({ headers })?.password;
  if (password === undefined || !keyMatches(resource, 'drainKeyHash', sha256Hex(password), unixNow({ now }))) {
    throw new HttpError(401, 'invalid drain credentials', CHALLENGE);
  }
  const token = headerValue(headers, 'logplex-drain-token');
  if (token !== undefined && resource.logDrainToken !== null && !safeEqual(token, resource.logDrainToken)) {
    throw new HttpError(401, 'Logplex-Drain-Token does not belong to this resource', CHALLENGE);
  }
  return resource;
}

/** `drainResourceFor` as Express middleware (the route Express serves: see `lean-drain.ts`). */
export function authenticateDrain(store: ResourceStore, now: () => Date): RequestHandler {
  return async (req, res, next) => {
    res.locals.resource = await drainResourceFor(store, req.params.id as string, req.headers, now);
    next();
  };
}

/** The resource `authenticateDrain` let through. */
export function drainResource(res: Response): Resource {
  return res.locals.resource as Resource;
}
