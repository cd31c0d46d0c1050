import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { ruleBodyFromForm } from '../alerts/alert-form.js';
import { createRule, deleteRule } from '../alerts/manage-rules.js';
import type { Config } from '../config.js';
import { HttpError } from '../http/json.js';
import { sendHtml } from '../http/html.js';
import { sendJson } from '../http/json.js';
import { ASSETS_PATH, htmlErrors } from '../http/html-page.js';
import type { Logger } from '../log/logger.js';
import { sessionCookies } from '../sso/session.js';
import { stringFields } from '../sso/sso-request.js';
import type { PlatformStore } from '../store/platform-store.js';
import type { AlertStore, CountStore, ResourceStore } from '../store/store.js';
import type { RotationResult } from '../rotation/rotate-credentials.js';
import { downloadRoutes } from '../export/download-routes.js';
import { badgeRoutes } from './badge-routes.js';
import { authorizeDashboard, checkCsrf } from './dashboard-access.js';
import { dashboardPath } from './dashboard-path.js';
import { loadDashboardView } from './dashboard-data.js';
import { dashboardPage, liveFigures } from './dashboard-page.js';
import { limitedBody } from '../http/body-limits.js';

const BADGE_FORM_BYTES = 4 * 1024;

/** Rotates a resource's credentials (`rotation/`), as the app wires it. */
export type RotateCredentials = (resourceId: string) => Promise<RotationResult>;

/** `server/public`, from both `src/dashboard` (tsx) and `dist/dashboard` (built). */
const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** The SSO dashboard of one resource, its badge switch, the public badge and the page assets. */
export function dashboardRoutes(
  config: Config,
  store: CountStore & ResourceStore & AlertStore & PlatformStore,
  now: () => Date,
  log: Logger,
  rotate: RotateCredentials,
): Router {
  const router = Router();
  router.use(ASSETS_PATH, express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));
  router.use(badgeRoutes(store));

  const dashboard = Router();
  dashboard.use(sessionCookies(config.secret));

  dashboard.get('/:id', async (req, res) => {
    const at = now();
    const { session, resource } = await authorizeDashboard(req, store, at.getTime());
    const view = await loadDashboardView(config, store, resource, session, req.query, at);
    sendHtml(res, 200, dashboardPage(view));
  });

  // What the open page polls (dashboard.js) to refresh its numbers and chart without a reload.
  dashboard.get('/:id/live', async (req, res) => {
    const at = now();
    const { session, resource } = await authorizeDashboard(req, store, at.getTime());
    const view = await loadDashboardView(config, store, resource, session, req.query, at);
    res.set('Cache-Control', 'no-store');
    sendJson(res, 200, liveFigures(view));
  });

  // The same CSV and export downloads as the API, behind the session instead of the API key.
  dashboard.use('/:id', downloadRoutes(store, now, async (req) => (await authorizeDashboard(req, store, now().getTime())).resource));

  const badgeForm = limitedBody({ maxBytes: BADGE_FORM_BYTES, unauthenticated: true }, express.urlencoded({ extended: false, limit: BADGE_FORM_BYTES }));
  dashboard.post('/:id/badge', badgeForm, async (req, res) => {
    const { session, resource } = await authorizeDashboard(req, store, now().getTime());
    const form = stringFields(req.body);
    checkCsrf(session, form.csrf);
    await store.setBadgeEnabled(resource.id, form.enabled === 'true');
    const back = new URLSearchParams();
    if (form.range) back.set('range', form.range);
    if (form.tz) back.set('tz', form.tz);
    res.redirect(303, dashboardPath(resource.id, back));
  });

  const backTo = (id: string, form: Record<string, string>, card = 'alerts') => {
    const back = new URLSearchParams();
    if (form.range) back.set('range', form.range);
    if (form.tz) back.set('tz', form.tz);
    return `${dashboardPath(id, back)}#${card}`;
  };

  dashboard.post('/:id/alerts', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const at = now();
    const { session, resource } = await authorizeDashboard(req, store, at.getTime());
    const form = stringFields(req.body);
    checkCsrf(session, form.csrf);
    try {
      await createRule(config, store, resource, ruleBodyFromForm(form), at);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      // Shown again on the page, with what was typed, next to the form.
      const view = await loadDashboardView(config, store, resource, session, { range: form.range, tz: form.tz }, at, { error: error.message, values: form });
      sendHtml(res, error.status, dashboardPage(view));
      return;
    }
    res.redirect(303, backTo(resource.id, form));
  });

  dashboard.post('/:id/alerts/:rule/delete', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const { session, resource } = await authorizeDashboard(req, store, now().getTime());
    const form = stringFields(req.body);
    checkCsrf(session, form.csrf);
    await deleteRule(store, resource, req.params.rule as string);
    res.redirect(303, backTo(resource.id, form));
  });

  // The owner's rotation: behind the session, the CSRF token and a ticked confirmation box.
  dashboard.post('/:id/credentials/rotate', badgeForm, async (req, res) => {
    const at = now();
    const { session, resource } = await authorizeDashboard(req, store, at.getTime());
    const form = stringFields(req.body);
    checkCsrf(session, form.csrf);
    const refusal =
      form.confirm !== 'yes'
        ? { status: 422, reason: 'Tick the box to confirm: your app gets a new VANITY_URL and restarts onto it.' }
        : await rotate(resource.id).then((result) => (result.outcome === 'refused' ? { status: 409, reason: `Not rotated: ${result.reason}.` } : null));
    if (refusal) {
      const view = await loadDashboardView(config, store, resource, session, { range: form.range, tz: form.tz }, now(), undefined, refusal.reason);
      sendHtml(res, refusal.status, dashboardPage(view));
      return;
    }
    // Rotated or rolled back: the card shows the outcome (and a rollback's reason) from the store.
    res.redirect(303, backTo(resource.id, form, 'credentials'));
  });

  dashboard.use(htmlErrors(log));
  router.use('/dashboard', dashboard);
  return router;
}
