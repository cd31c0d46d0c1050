import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Resource } from '../model/resource.js';
import { countsReport, parseCountsParams, parseTopParams, topReport } from '../query/index.js';
import { parseTimeSpec, resolveTime, stringParam } from '../query/time-params.js';
import type { CountStore } from '../store/store.js';
import { streamExport } from './export-stream.js';
import type { ExportFormat } from './export-stream.js';
import { sendCountsCsv, sendTopCsv } from './report-csv.js';

/** How a router finds the resource a download is for: the API key, or the dashboard session. */
export type ResourceOf = (req: Request, res: Response) => Promise<Resource> | Resource;

function query(req: Request): Record<string, unknown> {
  return req.query as Record<string, unknown>;
}

/** `since` of an export: absent = everything kept; else any form `/counts` takes, read in the add-on's zone. */
function exportSince(req: Request, resource: Resource, now: Date): number | undefined {
  const since = stringParam(query(req), 'since');
  if (since === undefined) return undefined;
  const zone = resource.options.timezone;
  return resolveTime(parseTimeSpec('since', since, zone), Math.floor(now.getTime() / 1000), zone);
}

/**
 * `counts.csv` and `top.csv` (the JSON reports' numbers, same parameters), `export` and
 * `export.csv` (every aggregate the plan keeps, streamed). Mounted on the API and the dashboard.
 */
export function downloadRoutes(store: CountStore, now: () => Date, resourceOf: ResourceOf): Router {
  const router = Router({ mergeParams: true });
  router.get('/counts.csv', async (req, res) => {
    const resource = await resourceOf(req, res);
    const at = now();
    sendCountsCsv(res, await countsReport(store, resource, parseCountsParams(query(req), resource, at), at), at);
  });
  router.get('/top.csv', async (req, res) => {
    const resource = await resourceOf(req, res);
    const at = now();
    sendTopCsv(res, await topReport(store, resource, parseTopParams(query(req), resource, at), at), at);
  });
  const exportAs = (format: ExportFormat) => async (req: Request, res: Response) => {
    const resource = await resourceOf(req, res);
    const at = now();
    await streamExport(res, store, resource, exportSince(req, resource, at), at, format);
  };
  router.get('/export', exportAs('json'));
  router.get('/export.csv', exportAs('csv'));
  return router;
}
