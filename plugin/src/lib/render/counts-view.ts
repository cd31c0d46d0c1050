import * as color from '@heroku/heroku-cli-util/color';
import type { CountsReport } from '../../contract/api.js';
import { APPROXIMATE_NOTE, HOURLY_BREAKDOWNS_NOTE, countOf, describeRange, formatCount, formatShare, localTime } from './format.js';
import { fitSeries, sparkline } from './sparkline.js';

export const SPARKLINE_WIDTH = 60;

/** The headline and the recent windows: what `heroku vanity` shows. */
export function summaryLines(report: CountsReport): string[] {
  const { recent } = report;
  return [
    color.bold(`${countOf(report.total, 'request')} all time`),
    '',
    ...alignPairs([
      ['Last hour', formatCount(recent.last_hour)],
      ['Today', formatCount(recent.today)],
      ['Last 7 days', formatCount(recent.last_7_days)],
      ['Last 30 days', formatCount(recent.last_30_days)],
    ]),
    ...(report.recent_approximate ? [APPROXIMATE_NOTE] : []),
  ];
}

/** The chosen range: totals, and a sparkline (short series drawn wider) with its first and last bucket times. */
export function rangeLines(report: CountsReport, width = SPARKLINE_WIDTH): string[] {
  const points = fitSeries(report.series, width);
  const columnsPerPoint = Math.max(1, Math.floor(width / Math.max(1, points.length)));
  const spark = [...sparkline(points.map((point) => point.count))].map((block) => block.repeat(columnsPerPoint)).join('');
  const first = points[0];
  const last = points[points.length - 1];
  const lines = [
    color.label(`${describeRange(report.since, report.until)} (${report.tz}), by ${report.interval}`),
    `${countOf(report.sum, 'request')}, ${countOf(report.errors, 'error')}${seriesApproximate(report) ? ` ${APPROXIMATE_NOTE}` : ''}`,
    color.cyan(spark),
  ];
  if (first && last) lines.push(spreadLabels(localTime(first.t), localTime(last.t), spark.length));
  return lines;
}

/** Status classes, service times, router errors and lost lines: the last three only when there are any. */
export function detailLines(report: CountsReport): string[] {
  const pairs: Array<[string, string]> = [['Status', statusMix(report)]];
  if (report.service_ms) {
    const { p50, p95, p99 } = report.service_ms;
    pairs.push(['Service time', `p50 ${p50} ms · p95 ${p95} ms · p99 ${p99} ms`]);
  }
  const routerErrors = Object.entries(report.router_errors).filter(([, n]) => n > 0);
  if (routerErrors.length > 0) {
    pairs.push(['Router errors', color.warning(routerErrors.map(([code, n]) => `${code} ${formatCount(n)}`).join(' · '))]);
  }
  if (report.lost_lines > 0) {
    pairs.push(['Lost lines (L10)', color.warning(`${formatCount(report.lost_lines)} log lines dropped by logplex, not counted`)]);
  }
  return [...alignPairs(pairs), ...(report.breakdowns_approximate ? [HOURLY_BREAKDOWNS_NOTE] : [])];
}

/** Servers before the split flags sent only `approximate`. */
function seriesApproximate(report: CountsReport): boolean {
  return report.series_approximate ?? report.approximate;
}

function statusMix(report: CountsReport): string {
  const classes = Object.entries(report.by_status_class).filter(([, n]) => n > 0);
  if (classes.length === 0) return 'no requests';
  return classes.map(([name, n]) => `${name} ${formatCount(n)} (${formatShare(n, report.sum)})`).join(' · ');
}

function alignPairs(pairs: Array<[string, string]>): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length)) + 2;
  return pairs.map(([label, value]) => `${color.label(`${label}:`)}${' '.repeat(width - label.length - 1)}${value}`);
}

/** `left` under the sparkline's first column and `right` ending under its last. */
function spreadLabels(left: string, right: string, width: number): string {
  if (left === right) return left;
  const gap = width - left.length - right.length;
  return gap >= 1 ? `${left}${' '.repeat(gap)}${right}` : `${left} … ${right}`;
}
