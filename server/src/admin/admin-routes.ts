import type { Logger } from '../log/logger.js';
import express from 'express';
import type { ErrorRequestHandler, Request, Response, Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config.js';
import { messagePage } from '../http/html-page.js';
import { sendHtml } from '../http/html.js';
import { HttpError, jsonErrors, sendJson, statusAndMessage } from '../http/json.js';
import { safeEqual } from '../secrets.js';
import type { Store } from '../store/store.js';
import { consolePage, loginPage, resourcePage } from './admin-page.js';
import { adminCookies, csrfMatches, endAdminSession, readAdminSession, startAdminSession } from './admin-session.js';
import type { AdminSession } from './admin-session.js';
import { fleetReport, lastDays } from './fleet-report.js';
import { resourceDetail } from './resource-detail.js';

export interface AdminDeps {
  config: Config & { adminPassword: string };
  store: Store;
  now: () => Date;
  log: Logger;
  /** This process's records are written before a report is read: the console is current for its own traffic at once, other processes' within their interval. */
  flushOperatorRecords: () => Promise<void>;
}

const MAX_DAYS = 400;
/** Wrong passwords per client address before it must wait: slows guessing, never locks the operator out for long. */
const LOGIN_ATTEMPTS = 10;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** `?days=N`: the last N whole UTC days, today included (default 30). */
export function parseDays(value: unknown): number {
  if (value === undefined || value === '') return 30;
  const days = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new HttpError(400, `days: expected a whole number of days from 1 to ${MAX_DAYS}`);
  return days;
}

/** JSON for the JSON route, a short page for the rest; never the add-on user's "open from Heroku" hint. */
function adminErrors(log: Logger): ErrorRequestHandler {
  const asJson = jsonErrors(log);
  return (err, req, res, next) => {
    if (req.path.endsWith('.json')) return asJson(err, req, res, next);
    const { status, message } = statusAndMessage(err);
    if (status >= 500) return asJson(err, req, res, next);
    sendHtml(res, status, messagePage(status === 403 ? 'Access denied' : 'Error', message));
  };
}

/**
 * The address Heroku's router saw: it appends it to X-Forwarded-For, so the last entry is the
 * router's and the ones before it are whatever the client sent (spoofable). Without the header
 * (local runs), the socket's peer.
 */
function clientAddress(req: Request): string {
  const forwarded = req.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || req.socket.remoteAddress || 'unknown';
}

function requireSession(req: Request, res: Response, now: () => Date): AdminSession | undefined {
  const session = readAdminSession(req, now().getTime());
  if (!session) sendHtml(res, 401, loginPage());
  return session;
}

/**
 * The operator console under `/admin`, mounted only when VANITY_ADMIN_PASSWORD is set. Its own
 * signed cookie (SameSite=Strict) and CSRF token: nothing an add-on user's SSO session or
 * VANITY_URL credential can reach.
 */
export function adminRoutes({ config, store, now, log, flushOperatorRecords }: AdminDeps): Router {
  const router = express.Router();
  const reportSettings = { staleDrainHours: config.staleDrainHours, rotationOverlapSeconds: config.platform.rotationOverlapSeconds };
  router.use(adminCookies(config.secret));
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const loginLimit = rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_ATTEMPTS,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => ipKeyGenerator(clientAddress(req)),
    // The app trusts X-Forwarded-* for https detection; the key above reads the address itself.
    validate: { trustProxy: false, xForwardedForHeader: false },
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => sendHtml(res, 429, loginPage('Too many wrong passwords from this address; wait 15 minutes.')),
  });

  router.get('/login', (_req, res) => sendHtml(res, 200, loginPage()));
  router.post('/login', loginLimit, form, (req, res) => {
    const password = (req.body as Record<string, unknown> | undefined)?.password;
    if (typeof password !== 'string' || !safeEqual(password, config.adminPassword)) {
      sendHtml(res, 401, loginPage('Wrong password.'));
      return;
    }
    startAdminSession(req, res, now().getTime());
    res.redirect(303, '/admin');
  });
  router.post('/logout', form, (req, res) => {
    const session = readAdminSession(req, now().getTime());
    if (!session || !csrfMatches(session, (req.body as Record<string, unknown> | undefined)?.csrf)) {
      throw new HttpError(403, 'This form has expired: reload the console and try again.');
    }
    endAdminSession(req, res);
    res.redirect(303, '/admin/login');
  });

  router.get('/', async (req, res) => {
    const session = requireSession(req, res, now);
    if (!session) return;
    const days = parseDays(req.query.days);
    await flushOperatorRecords();
    const at = now();
    const report = await fleetReport(store, lastDays(days, at), at, reportSettings);
    sendHtml(res, 200, consolePage(report, session));
  });
  router.get('/report.json', async (req, res) => {
    if (!readAdminSession(req, now().getTime())) throw new HttpError(401, 'sign in to the operator console first: /admin/login');
    const days = parseDays(req.query.days);
    await flushOperatorRecords();
    const at = now();
    sendJson(res, 200, await fleetReport(store, lastDays(days, at), at, reportSettings));
  });
  router.get('/resources/:id', async (req, res) => {
    const session = requireSession(req, res, now);
    if (!session) return;
    await flushOperatorRecords();
    const detail = await resourceDetail(store, req.params.id as string, now());
    if (!detail) throw new HttpError(404, 'No add-on with that id.');
    sendHtml(res, 200, resourcePage(detail, session));
  });
  router.use(adminErrors(log));
  return router;
}
