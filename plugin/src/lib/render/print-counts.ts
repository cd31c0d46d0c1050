import * as color from '@heroku/heroku-cli-util/color';
import type { CountsReport } from '../../contract/api.js';
import { detailLines, milestoneLine, rangeLines, releaseLines, summaryLines } from './counts-view.js';
import { printHeader, printLines } from './print.js';

export function printCounts(title: string, report: CountsReport): void {
  printHeader(`${color.app(title)} Requests`);
  const releases = releaseLines(report);
  printLines([...summaryLines(report), '', ...rangeLines(report), '', ...detailLines(report), ...(releases.length > 0 ? ['', ...releases] : [])]);
}

/** `heroku vanity`: the headline, recent windows and the last 24 hours at a glance. */
export function printSummary(title: string, report: CountsReport): void {
  printHeader(`${color.app(title)} Requests`);
  const more = `Other ranges: ${color.code('heroku vanity:counts --since 7d')} · busiest paths: ${color.code('heroku vanity:top')}`;
  const milestone = milestoneLine(report.total, report.milestones, report.tz);
  printLines([...summaryLines(report), ...(milestone ? [milestone] : []), '', ...rangeLines(report), '', more]);
}
