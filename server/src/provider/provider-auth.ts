import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { basicCredentials } from '../http/basic-auth.js';
import { HttpError } from '../http/json.js';
import { safeEqual } from '../secrets.js';

/** Heroku's basic auth (manifest id + password), checked before anything else on every provider route. */
export function providerAuth(config: Config): RequestHandler {
  return (req, _res, next) => {
    const credentials = basicCredentials(req);
    const userOk = safeEqual(credentials?.user ?? '', config.addonId);
    const passwordOk = safeEqual(credentials?.password ?? '', config.addonPassword);
    if (credentials && userOk && passwordOk) return next();
    next(new HttpError(401, 'invalid provider credentials', { 'WWW-Authenticate': 'Basic realm="Vanity provider API"' }));
  };
}
