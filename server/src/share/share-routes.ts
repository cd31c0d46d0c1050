import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import type { Response } from 'express';
import type { Config } from '../config.js';
import { authorizeDashboard, checkCsrf } from '../dashboard/dashboard-access.js';
import { RANGES } from '../dashboard/dashboard-ranges.js';
import { sendHtml } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import { htmlErrors } from '../http/html-page.js';
import type { Logger } from '../log/logger.js';
import { HttpError } from '../http/json.js';
import { countsReport, parseCountsParams, parseTopParams, topReport } from '../query/index.js';
import { sessionCookies } from '../sso/session.js';
import { stringFields } from '../sso/sso-request.js';
import type { CountStore, ResourceStore, ShareStore } from '../store/store.js';
import { isUnlocked, openShare, setUnlocked, sharePath, unlockCookies } from './share-access.js';
import type { OpenShare } from './share-access.js';
import { shareAdminPage } from './share-admin-page.js';
import { MAX_SHARES, parseShareForm } from './share-form.js';
import { parseShareRange, passwordPage, sharedViewPage } from './share-page.js';
import { shareLimits } from './share-rate-limits.js';
import { hashPassword, passwordMatches, shareToken, shareTokenHash } from './share-secrets.js';

type ShareDeps = { config: Config; store: CountStore & ResourceStore & ShareStore; now: () => Date; log: Logger };

const TOP_PATHS = 10;
const form = express.urlencoded({ extended: false, limit: '4kb' });

/** Shared pages are for the people given the link: never for search engines. */
function sendSharePage(res: Response, status: number, body: SafeHtml): void {
  res.set('X-Robots-Tag', 'noindex, nofollow');
  sendHtml(res, status, body);
}

async function renderView({ store }: ShareDeps, open: OpenShare, range: unknown, now: Date): Promise<SafeHtml> {
  const { resource, share } = open;
  const choice = RANGES[parseShareRange(range)];
  const rangeQuery = { since: choice.since, interval: choice.interval };
  const [counts, topPaths] = await Promise.all([
    countsReport(store, resource, parseCountsParams(rangeQuery, resource, now), now),
    share.showPaths ? topReport(store, resource, parseTopParams({ ...rangeQuery, by: 'path', limit: String(TOP_PATHS) }, resource, now), now) : null,
  ]);
  return sharedViewPage({ token: open.token, appName: resource.name ?? 'A Heroku app', range: parseShareRange(range), counts, topPaths });
}

/** `/share/<secret>`: the read-only view anyone with the link may open, without SSO. GET only, but for the password. */
export function publicShareRoutes(deps: ShareDeps): Router {
  const { config, store, now, log } = deps;
  const limits = shareLimits();
  const router = Router();
  router.use(limits.views, unlockCookies(config.secret));

  router.get('/:token', async (req, res) => {
    const at = now();
    const open = await openShare(store, String(req.params.token), at.getTime());
    if (!isUnlocked(req, open, at.getTime())) return sendSharePage(res, 200, passwordPage(open.token, false));
    sendSharePage(res, 200, await renderView(deps, open, req.query.range, at));
  });

  router.post('/:token/unlock', limits.unlockPerLink, limits.unlockPerClient, form, async (req, res) => {
    const at = now();
    const open = await openShare(store, String(req.params.token), at.getTime());
    const password = stringFields(req.body).password ?? '';
    if (open.share.passwordHash === null || (await passwordMatches(password, open.share.passwordHash))) {
      setUnlocked(req, res, open, at.getTime());
      return res.redirect(303, sharePath(open.token));
    }
    sendSharePage(res, 401, passwordPage(open.token, true));
  });

  router.use(htmlErrors(log));
  return router;
}

/** The owner's side, behind the dashboard's SSO session and CSRF token: list, create, revoke. */
export function shareAdminRoutes({ config, store, now, log }: ShareDeps): Router {
  const router = Router();
  router.use(sessionCookies(config.secret));
  const back = (res: Response, resourceId: string) => res.redirect(303, `/dashboard/${encodeURIComponent(resourceId)}/shares`);

  router.get('/:id/shares', async (req, res) => {
    const at = now();
    const { session, resource } = await authorizeDashboard(req, store, at.getTime());
    const shares = await store.listShares(resource.id);
    const links = shares.map((share) => ({ share, url: `${config.baseUrl}${sharePath(shareToken(config.secret, share.id))}` }));
    sendHtml(res, 200, shareAdminPage({ resource, csrf: session.csrf, links, nowSeconds: Math.floor(at.getTime() / 1000) }));
  });

  router.post('/:id/shares', form, async (req, res) => {
    const at = now();
    const { session, resource } = await authorizeDashboard(req, store, at.getTime());
    const fields = stringFields(req.body);
    checkCsrf(session, fields.csrf);
    const wanted = parseShareForm(fields);
    if ((await store.listShares(resource.id)).length >= MAX_SHARES) {
      throw new HttpError(422, `shares: an add-on can have at most ${MAX_SHARES} links; revoke one first`);
    }
    const id = randomUUID();
    const nowSeconds = Math.floor(at.getTime() / 1000);
    await store.createShare({
      id,
      resourceId: resource.id,
      tokenHash: shareTokenHash(shareToken(config.secret, id)),
      showPaths: wanted.showPaths,
      passwordHash: wanted.password === null ? null : await hashPassword(wanted.password),
      expiresAt: wanted.expiresIn === null ? null : nowSeconds + wanted.expiresIn,
      createdAt: nowSeconds,
    });
    back(res, resource.id);
  });

  router.post('/:id/shares/:shareId/revoke', form, async (req, res) => {
    const { session, resource } = await authorizeDashboard(req, store, now().getTime());
    checkCsrf(session, stringFields(req.body).csrf);
    if (!(await store.revokeShare(resource.id, String(req.params.shareId)))) throw new HttpError(404, 'This add-on has no such shared link.');
    back(res, resource.id);
  });

  router.use(htmlErrors(log));
  return router;
}
