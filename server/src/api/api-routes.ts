import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Request } from 'express';
import { alertApiRoutes } from '../alerts/alert-api-routes.js';
import type { Config } from '../config.js';
import type { CountsReport, Releases, Summary } from '../contract/api.js';
import { sendJson } from '../http/json.js';
import { countsReport, parseCompare, parseCountsParams, parseTopParams, resourceSummary, topReport } from '../query/index.js';
import { resolveRange } from '../query/params.js';
import { milestoneItems } from '../milestones/milestone-report.js';
import { releaseItems, scorecard } from '../releases/release-report.js';
import type { Store } from '../store/store.js';
import { stringParam } from '../query/time-params.js';
import { downloadRoutes } from '../export/download-routes.js';
import { apiAuth, authenticatedResource } from './api-auth.js';

const OPENAPI_YAML = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');

function query(req: Request): Record<string, unknown> {
  return req.query as Record<string, unknown>;
}

/** The developer API at VANITY_URL. */
export function apiRoutes(config: Config, store: Store, now: () => Date): Router {
  const router = Router();
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(OPENAPI_YAML);
  });
  router.use(apiAuth(store, now));

  router.get('/', async (_req, res) => {
    const resource = authenticatedResource(res);
    const totals = await store.readTotals(resource.seq);
    const base = `${config.baseUrl}/api`;
    const summary: Summary = {
      resource: resourceSummary(resource),
      total: totals.requests,
      lost_lines: totals.lostLines,
      milestones: await milestoneItems(store, resource),
      links: {
        counts: `${base}/counts`,
        top: `${base}/top`,
        counts_csv: `${base}/counts.csv`,
        top_csv: `${base}/top.csv`,
        export: `${base}/export`,
        releases: `${base}/releases`,
        alerts: `${base}/alerts`,
        openapi: `${base}/openapi.yaml`,
      },
    };
    sendJson(res, 200, summary);
  });

  router.get('/counts', async (req, res) => {
    const resource = authenticatedResource(res);
    const at = now();
    const params = parseCountsParams(query(req), resource, at);
    const range = resolveRange(params, at);
    const [report, milestones, releases] = await Promise.all([
      countsReport(store, resource, params, at, parseCompare(stringParam(query(req), 'compare'))),
      milestoneItems(store, resource),
      releaseItems(store, resource, range.since, range.until),
    ]);
    const counts: CountsReport = { ...report, milestones, releases };
    sendJson(res, 200, counts);
  });

  router.get('/releases', async (req, res) => {
    const resource = authenticatedResource(res);
    const at = now();
    const raw = query(req);
    const range = resolveRange(parseCountsParams({ since: '30d', ...raw, interval: 'day' }, resource, at), at);
    const releases: Releases = {
      since: new Date(range.since * 1000).toISOString(),
      until: new Date(range.until * 1000).toISOString(),
      releases: await scorecard(store, resource, range.since, range.until, at),
    };
    sendJson(res, 200, releases);
  });

  router.get('/top', async (req, res) => {
    const resource = authenticatedResource(res);
    const at = now();
    sendJson(res, 200, await topReport(store, resource, parseTopParams(query(req), resource, at), at));
  });

  router.use('/alerts', alertApiRoutes(config, store, now, authenticatedResource));
  router.use(downloadRoutes(store, now, (_req, res) => authenticatedResource(res)));

  return router;
}
