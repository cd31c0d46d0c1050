import { once } from 'node:events';
import type { Response } from 'express';
import type { Resource } from '../model/resource.js';
import { asciiJson } from '../http/json.js';
import { resourceSummary } from '../query/index.js';
import { localIso } from '../query/time-grid.js';
import type { CountStore } from '../store/store.js';
import { csvText, setDownload } from './csv.js';
import { keptRows } from './kept-rows.js';
import type { KeptChunk } from './kept-rows.js';

export type ExportFormat = 'json' | 'csv';

export const EXPORT_CSV_HEADER = ['level', 't', 'dim', 'key', 'n'] as const;

/** Writes, waiting while the socket's buffer is full; false once the client has gone. */
async function write(res: Response, text: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(text)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

function chunkRows({ level, rows }: KeptChunk, tz: string): (string | number)[][] {
  return rows.map((row) => [level, localIso(row.bucket, tz), row.dim, row.key, row.n]);
}

/** Rows of the `counts` array, one per line; a comma before every one but the very first. */
function jsonRows(rows: readonly (string | number)[][], first: boolean): string {
  return rows.map(([level, t, dim, key, n], i) => `${first && i === 0 ? '' : ','}\n${asciiJson({ level, t, dim, key, n })}`).join('');
}

/**
 * `GET /export`: every aggregate the plan keeps, streamed chunk by chunk (JSON: one object whose
 * `counts` array is written as it is read; CSV: one row per count row). Times are bucket
 * starts in the add-on's time zone, with their offset.
 */
export async function streamExport(res: Response, store: CountStore, resource: Resource, since: number | undefined, now: Date, format: ExportFormat): Promise<void> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const tz = resource.options.timezone;
  const totals = await store.readTotals(resource.seq);
  setDownload(res, format === 'csv' ? 'text/csv' : 'application/json', `vanity-export-${now.toISOString().slice(0, 10)}.${format}`);
  try {
    const head =
      format === 'csv'
        ? csvText([[...EXPORT_CSV_HEADER]])
        : `{"resource":${asciiJson(resourceSummary(resource))},"exported_at":${asciiJson(localIso(nowSeconds, tz))},` +
          `"since":${since === undefined ? 'null' : asciiJson(localIso(since, tz))},` +
          `"totals":${asciiJson({ requests: totals.requests, lost_lines: totals.lostLines, parse_errors: totals.parseErrors })},"counts":[`;
    if (!(await write(res, head))) return;
    let first = true;
    for await (const chunk of keptRows(store, resource, since, nowSeconds)) {
      const rows = chunkRows(chunk, tz);
      const text = format === 'csv' ? csvText(rows) : jsonRows(rows, first);
      first = false;
      if (!(await write(res, text))) return;
    }
    res.end(format === 'csv' ? '' : ']}\n');
  } catch (error) {
    // The status line has gone out: cutting the connection is the only way to say it failed.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
