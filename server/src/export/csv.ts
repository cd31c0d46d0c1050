import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

/**
 * RFC 4180 text: CRLF line ends, fields quoted when needed. A field starting with = + - @ (or a
 * tab or CR) gets a leading ' so that a spreadsheet does not run it as a formula: keys come from
 * log lines, which anyone can write.
 */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return stringify(rows as (string | number)[][], { record_delimiter: 'windows', escape_formulas: true });
}

/** The download headers of a CSV or JSON file, with the name the browser saves it as. */
export function setDownload(res: Response, type: 'text/csv' | 'application/json', filename: string): void {
  res.status(200).set({
    'Content-Type': `${type}; charset=utf-8${type === 'text/csv' ? '; header=present' : ''}`,
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

export function sendCsv(res: Response, filename: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  setDownload(res, 'text/csv', filename);
  res.send(csvText([header, ...rows]));
}
