import type { RequestHandler, Response } from 'express';
import { basicCredentials } from '../http/basic-auth.js';
import type { BasicCredentials } from '../http/basic-auth.js';
import { HttpError } from '../http/json.js';
import { isResourceId } from '../provider/resource-id.js';
import { safeEqual, sha256Hex } from '../secrets.js';
import type { Resource } from '../model/resource.js';
import type { ResourceStore } from '../store/store.js';

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Vanity"' };
// Compared against when there is no resource, so that case costs the same hashing as a wrong key.
const NO_KEY_HASH = sha256Hex('');

/**
 * The resource these credentials unlock, or null. Every outcome (no credentials, a user that
 * is not a uuid, an unknown or deprovisioned uuid, a wrong key, the right key) hashes the
 * password once with `hashKey` and compares it once in constant time: which of them it was
 * takes the same hashing work, so a 401 does not say whether the uuid exists.
 */
export async function resourceForApiKey(
  store: Pick<ResourceStore, 'getResource'>,
  credentials: BasicCredentials | undefined,
  hashKey: (password: string) => string = sha256Hex,
): Promise<Resource | null> {
  const resource = credentials && isResourceId(credentials.user) ? await store.getResource(credentials.user) : null;
  const keyOk = safeEqual(hashKey(credentials?.password ?? ''), resource?.apiKeyHash ?? NO_KEY_HASH);
  return resource && keyOk ? resource : null;
}

/**
 * Basic auth with user = resource uuid and password = its API key (the userinfo of VANITY_URL).
 * Unknown resource and wrong key answer alike, so the API does not reveal which uuids exist.
 */
export function apiAuth(store: ResourceStore): RequestHandler {
  return async (req, res, next) => {
    const resource = await resourceForApiKey(store, basicCredentials(req));
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
