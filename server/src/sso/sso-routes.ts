import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.js';
import { htmlErrors } from '../http/html-page.js';
import { HttpError } from '../http/json.js';
import type { Logger } from '../log/logger.js';
import { isResourceId } from '../provider/resource-id.js';
import type { ResourceStore } from '../store/store.js';
import { passThroughParams, stringFields, verifySsoFields } from './sso-request.js';
import type { SsoFields } from './sso-request.js';
import { sessionCookies, startSession } from './session.js';

export const NAV_DATA_COOKIE = 'heroku-nav-data';

/** Where a signed-in user lands: the app passes the dashboard's path, so sso/ needs no dashboard/. */
export type LandingPath = (resourceId: string, query: URLSearchParams) => string;

/** RFC 6265 cookie-octets: such a value can be stored exactly as Heroku sent it. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

function setNavDataCookie(req: Request, res: Response, navData: string | undefined): void {
  if (navData === undefined) return;
  // Heroku's nav-data is base64, so verbatim; anything else is percent-encoded rather than dropped.
  const encode = COOKIE_OCTETS.test(navData) ? (value: string) => value : encodeURIComponent;
  res.cookie(NAV_DATA_COOKIE, navData, { path: '/', secure: req.secure, sameSite: 'lax', encode });
}

interface SsoDeps {
  config: Config;
  store: ResourceStore;
  now: () => Date;
  landingPath: LandingPath;
  log: Logger;
}

async function signIn({ config, store, now, landingPath }: SsoDeps, req: Request, res: Response, fields: SsoFields) {
  const nowMs = now().getTime();
  const identity = verifySsoFields(fields, config.ssoSalt, Math.floor(nowMs / 1000));
  const resource = isResourceId(identity.resourceId) ? await store.getResource(identity.resourceId) : null;
  if (!resource) throw new HttpError(403, 'This Vanity add-on does not exist or has been removed.');
  startSession(req, res, identity, nowMs);
  setNavDataCookie(req, res, fields['nav-data']);
  res.redirect(302, landingPath(resource.id, passThroughParams(fields)));
}

/**
 * Heroku single sign-on: the v3 form POST to `sso_url`, and the legacy GET on the provider
 * path. Mount before the provider router: the GET is handled here only when it carries a
 * `token`, everything else falls through to the provider API and its basic auth.
 */
export function ssoRoutes(deps: SsoDeps): Router {
  const router = Router();
  const cookies = sessionCookies(deps.config.secret);
  const pageErrors = htmlErrors(deps.log);

  router.post(
    '/sso/login',
    cookies,
    express.urlencoded({ extended: false, limit: '64kb' }),
    (async (req, res) => {
      await signIn(deps, req, res, { ...stringFields(req.query), ...stringFields(req.body) });
    }) satisfies RequestHandler,
    pageErrors,
  );

  router.get(
    '/heroku/resources/:id',
    cookies,
    (async (req, res, next) => {
      const query = stringFields(req.query);
      if (query.token === undefined) return next();
      await signIn(deps, req, res, { ...query, id: String(req.params.id) });
    }) satisfies RequestHandler,
    // Only errors of these routes are pages: one that arises in matching (a provider path that is
    // not valid percent-encoding) goes on to the provider API's JSON errors.
    pageErrors,
  );

  return router;
}
