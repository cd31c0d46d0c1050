import type { RequestHandler, Response } from 'express';
import { basicCredentials } from '../http/basic-auth.js';
import type { BasicCredentials } from '../http/basic-auth.js';
import { HttpError } from '../http/json.js';
import { isResourceId } from '../model/resource-id.js';
import { unixNow } from '../platform/clock.js';
import { keyMatches } from '../rotation/overlap-keys.js';
import { sha256Hex } from '../secrets.js';
import type { Resource } from '../model/resource.js';
import type { ResourceStore } from '../store/store.js';

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Vanity"' };

/**
 * The resource these credentials unlock, or null. Every outcome (no credentials, a user that
 * is not a uuid, an unknown or deprovisioned uuid, a wrong key, the current key, the previous
 * key during a rotation's overlap) hashes the password once with `hashKey` and compares it in
 * constant time against the current and the previous key (`keyMatches`): which of them it was
 * takes the same work, so a 401 does not say whether the uuid exists. `now` is unix seconds.
 */
export async function resourceForApiKey(
  store: Pick<ResourceStore, 'getResource'>,
  credentials: BasicCredentials | undefined,
  now: number,
  hashKey: (password: string) => string = sha256Hex,
): Promise<Resource | null> {
  const resource = credentials && isResourceId(credentials.user) ? await store.getResource(credentials.user) : null;
  const keyOk = keyMatches(resource, 'apiKeyHash', hashKey(credentials?.password ?? ''), now);
  return keyOk ? resource : null;
}

/**
 * Basic auth with user = resource uuid and password = its API key (the userinfo of VANITY_URL).
 * Unknown resource and wrong key answer alike, so the API does not reveal which uuids exist.
 */
export function apiAuth(store: ResourceStore, now: () => Date): RequestHandler {
  return async (req, res, next) => {
    const resource = await resourceForApiKey(store, basicCredentials(req), unixNow({ now }));
    if (!resource) {
      throw new HttpError(401, 'invalid API credentials: use the VANITY_URL config var of your app (heroku config:get VANITY_URL)', CHALLENGE);
    }
    res.locals.resource = resource;
    next();
  };
}

/** The resource `apiAuth` authenticated. */
export function authenticatedResource(res: Response): Resource {
  return res.locals.resource as Resource;
}
