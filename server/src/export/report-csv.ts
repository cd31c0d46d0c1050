import type { Response } from 'express';
import type { RangeCounts, TopReport } from '../query/index.js';
import { sendCsv } from './csv.js';

/** Today's date for file names, e.g. vanity-counts-2026-11-24.csv. */
function day(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** `/counts.csv`: the report's series, one row per bucket, the columns named as in the JSON. */
export function sendCountsCsv(res: Response, report: RangeCounts, now: Date): void {
  sendCsv(res, `vanity-counts-${day(now)}.csv`, ['t', 'count', 'errors'], report.series.map((p) => [p.t, p.count, p.errors]));
}

/** `/top.csv`: the ranked items, as in the JSON's `items`. */
export function sendTopCsv(res: Response, report: TopReport, now: Date): void {
  sendCsv(res, `vanity-top-${report.by}-${day(now)}.csv`, ['key', 'count'], report.items.map((item) => [item.key, item.count]));
}
