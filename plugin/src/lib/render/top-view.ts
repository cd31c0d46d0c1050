import type { TopDimension, TopItem, TopReport } from '../../contract/api.js';
import { formatCount, formatShare } from './format.js';

export const BAR_WIDTH = 20;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export interface TopRow extends Record<string, unknown> {
  rank: string;
  key: string;
  count: string;
  share: string;
  bar: string;
}

export const KEY_HEADERS: Record<TopDimension, string> = {
  path: 'Path',
  status: 'Status',
  method: 'Method',
  dyno: 'Dyno',
  code: 'Router error',
};

/** What the spinner says is being fetched. */
export const RANKED: Record<TopDimension, string> = {
  path: 'top paths',
  status: 'top statuses',
  method: 'top methods',
  dyno: 'top dynos',
  code: 'top router errors',
};

/** Ranked rows, then one "(all others)" row when the limit left some requests out. */
export function topRows(report: TopReport): TopRow[] {
  const max = Math.max(0, ...report.items.map((item) => item.count));
  const rows = report.items.map((item, index) => row(String(index + 1), displayKey(item), item.count, report.sum, max));
  if (report.other > 0) rows.push(row('', '(all others)', report.other, report.sum, 0));
  return rows;
}

function row(rank: string, key: string, count: number, sum: number, max: number): TopRow {
  return { rank, key, count: formatCount(count), share: formatShare(count, sum), bar: bar(count, max) };
}

/** The API's empty key means "none": no dyno (router errors before a dyno), no status. */
function displayKey(item: TopItem): string {
  return item.key === '' ? '(none)' : item.key;
}

/** A bar of up to `width` cells with eighth-cell precision, relative to the largest row. */
export function bar(count: number, max: number, width = BAR_WIDTH): string {
  if (max <= 0 || count <= 0) return '';
  const eighths = Math.max(1, Math.round((count / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}
