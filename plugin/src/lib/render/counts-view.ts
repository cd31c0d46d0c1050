import * as color from '@heroku/heroku-cli-util/color';
import type { CompareKind, Comparison, CountsReport, Milestone, RecentCounts } from '../../contract/api.js';
import { APPROXIMATE_NOTE, HOURLY_BREAKDOWNS_NOTE, countOf, describeRange, formatChange, formatCount, formatShare, localTime, zonedMinute } from './format.js';
import { fitSeries, sparkline } from './sparkline.js';

export const SPARKLINE_WIDTH = 60;

/** The headline and the recent windows: what `heroku vanity` shows. */
export function summaryLines(report: CountsReport): string[] {
  const recent = (key: keyof RecentCounts) => recentValue(report, key);
  return [
    color.bold(`${countOf(report.total, 'request')} all time`),
    '',
    ...alignPairs([
      ['Last hour', recent('last_hour')],
      ['Today', recent('today')],
      ['Last 7 days', recent('last_7_days')],
      ['Last 30 days', recent('last_30_days')],
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
  const markers = releaseMarkerLine(report, spark.length);
  if (markers) lines.push(markers);
  if (report.compare) lines.push(comparedLine(report.compare));
  return lines;
}

export const RELEASE_MARK = '▲';

/** A ▲ under the sparkline's column of each release in the range; '' without any. */
function releaseMarkerLine(report: CountsReport, width: number): string {
  const since = Date.parse(report.since);
  const span = Date.parse(report.until) - since;
  if (report.releases.length === 0 || width === 0 || !(span > 0)) return '';
  const columns = [...' '.repeat(width)];
  for (const release of report.releases) {
    const column = Math.floor(((Date.parse(release.released_at) - since) / span) * width);
    columns[Math.min(width - 1, Math.max(0, column))] = RELEASE_MARK;
  }
  return `${color.yellow(columns.join('').trimEnd())}  ${color.label('releases')}`;
}

/** The releases of the range, oldest first, at their local time in the report's zone. */
export function releaseLines(report: CountsReport): string[] {
  if (report.releases.length === 0) return [];
  const width = Math.max(...report.releases.map((r) => String(r.version).length)) + 1;
  return [
    color.label(`Releases (${RELEASE_MARK}):`),
    ...report.releases.map((r) => `  ${`v${r.version}`.padEnd(width)}  ${zonedMinute(r.released_at, report.tz)}  ${r.description}`),
  ];
}

/** The latest milestone of the all-time total and the next; before the first, how far it is. */
export function milestoneLine(total: number, milestones: readonly Milestone[], tz: string): string | null {
  const latest = milestones[milestones.length - 1];
  if (!latest) return total < 1000 ? `${color.label('First milestone:')} 1,000 requests, ${formatCount(1000 - total)} to go` : null;
  const next = latest.value * 10;
  return `${color.label('Milestone:')} ${formatCount(latest.value)} requests, reached ${zonedMinute(latest.reached_at, tz)} · next ${formatCount(next)}, ${formatCount(Math.max(0, next - total))} to go`;
}

const RECENT_AGAINST: Record<CompareKind, Record<keyof RecentCounts, string>> = {
  previous: { last_hour: 'the hour before', today: 'yesterday', last_7_days: 'the 7 days before', last_30_days: 'the 30 days before' },
  week: { last_hour: 'a week earlier', today: 'a week earlier', last_7_days: 'a week earlier', last_30_days: 'a week earlier' },
  year: { last_hour: 'a year earlier', today: 'a year earlier', last_7_days: 'a year earlier', last_30_days: 'a year earlier' },
};

const PERIOD_NAMES: Record<CompareKind, string> = { previous: 'Previous period', week: 'A week earlier', year: 'A year earlier' };

/** "20", or with --compare "20  +5 % vs the hour before". */
function recentValue(report: CountsReport, key: keyof RecentCounts): string {
  const count = formatCount(report.recent[key]);
  if (!report.compare) return count;
  return `${count}  ${formatChange(report.compare.change_percent[key])} vs ${RECENT_AGAINST[report.compare.kind][key]}`;
}

/** "Previous period 2026-11-23 00:00 – 2026-11-23 06:00: 30 requests (+27 %), 1 error (+100 %)". */
function comparedLine(compare: Comparison): string {
  const change = (key: 'sum' | 'errors') => formatChange(compare.change_percent[key]);
  return (
    `${color.label(`${PERIOD_NAMES[compare.kind]} ${describeRange(compare.since, compare.until)}:`)} ` +
    `${countOf(compare.sum, 'request')} (${change('sum')}), ${countOf(compare.errors, 'error')} (${change('errors')})`
  );
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
