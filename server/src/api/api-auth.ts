import type { RequestHandler, Response } from 'express';
import { basicCredentials } from '../http/basic-auth.js';
import { HttpError } from '../http/json.js';
import { safeEqual, sha256Hex } from '../secrets.js';
import type { Resource } from '../model/resource.js';
import type { ResourceStore } from '../store/store.js';

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Vanity"' };
// Compared against when the resource is unknown, so that case costs the same as a wrong key.
const NO_KEY_HASH = sha256Hex('');

/**
 * Basic auth with user = resource uuid and password = its API key (the userinfo of VANITY_URL).
 * Unknown resource and wrong key answer alike, so the API does not reveal which uuids exist.
 */
export function apiAuth(store: ResourceStore): RequestHandler {
  return async (req, res, next) => {
    const credentials = basicCredentials(req);
    const resource = credentials ? await store.getResource(credentials.user) : null;
    const keyOk = safeEqual(sha256Hex(credentials?.password ?? ''), resource?.apiKeyHash ?? NO_KEY_HASH);
    if (!credentials || !resource || !keyOk) {
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
