import { DateTime } from 'luxon';
import { html } from '../http/html.js';
import type { HtmlValue, SafeHtml } from '../http/html.js';
import { page } from '../http/html-page.js';
import { alertsCard } from './alerts-card.js';
import { dashboardPath } from './dashboard-path.js';
import { RANGES } from './dashboard-ranges.js';
import type { RangeKey } from './dashboard-ranges.js';
import type { CompareKind, Comparison, RangeCounts, TopReport } from '../query/index.js';
import type { DashboardView } from './dashboard-view.js';
import { formatChange, formatCount, formatShare } from './format.js';
import { ROUTER_ERROR_NAMES } from './router-error-codes.js';
import { milestonesLine } from './milestones-line.js';
import { releaseList, releaseMarkers } from './release-markers.js';
import { bucketTitle, seriesChart } from './series-chart.js';
import { timeZoneNames } from './time-zones.js';
import { credentialsCard } from './credentials-card.js';

function dashboardHref(view: DashboardView, range: RangeKey, compare: CompareKind = view.compare): string {
  const query = new URLSearchParams({ range, tz: view.counts.tz });
  if (compare !== 'previous') query.set('compare', compare);
  return dashboardPath(view.resource.id, query);
}

function appName(view: DashboardView): string {
  return view.session.app || view.resource.name || 'your app';
}

function topBar(view: DashboardView): SafeHtml {
  return html`<header class="topbar">
<div class="brand"><span class="logo" aria-hidden="true">V</span> Vanity</div>
<div class="who">
<span class="app" data-testid="app-name">${appName(view)}</span>
${view.session.email ? html`<span class="email" data-testid="email">${view.session.email}</span>` : ''}
</div>
</header>`;
}

function timeZoneForm(view: DashboardView): SafeHtml {
  const current = view.counts.tz;
  return html`<form class="tz-form" method="get" action="/dashboard/${view.resource.id}">
<input type="hidden" name="range" value="${view.range}">
${view.compare === 'previous' ? '' : html`<input type="hidden" name="compare" value="${view.compare}">`}
<label for="tz">Time zone</label>
<select id="tz" name="tz" data-autosubmit>
${timeZoneNames(current).map((zone) => html`<option value="${zone}"${zone === current ? html` selected` : ''}>${zone}</option>`)}
</select>
<button type="submit" class="button secondary js-hidden">Apply</button>
</form>`;
}

function headline(view: DashboardView): SafeHtml {
  const { counts } = view;
  return html`<section class="hero">
<p class="headline"><span class="headline-number" data-testid="total">${formatCount(counts.total)}</span> requests served</p>
<p class="subtle">since Vanity was added · all time</p>
${milestonesLine(view.milestones, counts.total, counts.tz)}
</section>`;
}

/** "+12 % vs the previous 24 h" beside a figure; nothing without a comparison. */
function changeNote(change: number | null | undefined, against: string, testId: string): SafeHtml | '' {
  if (change === undefined) return '';
  const { text, trend } = changeOf(change, against);
  return html`<span class="change change-${trend}" data-testid="${testId}">${text}</span>`;
}

export interface LiveChange {
  text: string;
  trend: 'up' | 'down' | 'flat';
}

function changeOf(change: number | null, against: string): LiveChange {
  return { text: `${formatChange(change)} vs ${against}`, trend: change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down' };
}

const RECENT_AGAINST: Record<CompareKind, Record<keyof RangeCounts['recent'], string>> = {
  previous: { last_hour: 'the hour before', today: 'yesterday', last_7_days: 'the 7 days before', last_30_days: 'the 30 days before' },
  week: { last_hour: 'a week earlier', today: 'a week earlier', last_7_days: 'a week earlier', last_30_days: 'a week earlier' },
  year: { last_hour: 'a year earlier', today: 'a year earlier', last_7_days: 'a year earlier', last_30_days: 'a year earlier' },
};

function statCard(view: DashboardView, label: string, key: keyof RangeCounts['recent'], testId: string): SafeHtml {
  const { counts } = view;
  return html`<div class="stat"><div class="stat-value" data-testid="${testId}">${formatCount(counts.recent[key])}</div><div class="stat-label">${label}</div>
${changeNote(counts.compare?.change_percent[key], RECENT_AGAINST[view.compare][key], `${testId}-change`)}</div>`;
}

const RECENT_TEST_IDS: readonly [keyof RangeCounts['recent'], string][] = [
  ['last_hour', 'last-hour'],
  ['today', 'today'],
  ['last_7_days', 'last-7-days'],
  ['last_30_days', 'last-30-days'],
];

function recentStats(view: DashboardView): SafeHtml {
  return html`<section class="stats">
${statCard(view, 'Last hour', 'last_hour', 'last-hour')}
${statCard(view, 'Today', 'today', 'today')}
${statCard(view, 'Last 7 days', 'last_7_days', 'last-7-days')}
${statCard(view, 'Last 30 days', 'last_30_days', 'last-30-days')}
</section>`;
}

/** What the range's figures are compared with, in words: "the previous 24 h", "a week earlier". */
function rangeAgainst(view: DashboardView): string {
  if (view.compare === 'week') return 'a week earlier';
  if (view.compare === 'year') return 'a year earlier';
  return `the previous ${rangePeriod(view)}`;
}

function rangePeriod(view: DashboardView): string {
  return RANGES[view.range].label.replace(/ by .*/, '');
}

const COMPARE_LABELS: Record<CompareKind, string> = { previous: 'previous period', week: 'a week earlier', year: 'a year earlier' };

function comparePicker(view: DashboardView): SafeHtml {
  return html`<nav class="range-picker compare-picker" aria-label="Compare with">
${(Object.keys(COMPARE_LABELS) as CompareKind[]).map(
  (kind) =>
    html`<a href="${dashboardHref(view, view.range, kind)}"${kind === view.compare ? html` class="active" aria-current="true"` : ''}>vs ${COMPARE_LABELS[kind]}</a>`,
)}
</nav>`;
}

function rangePicker(view: DashboardView): SafeHtml {
  return html`<nav class="range-picker" aria-label="Chart range">
${Object.entries(RANGES).map(
  ([key, choice]) =>
    html`<a href="${dashboardHref(view, key as RangeKey)}"${key === view.range ? html` class="active" aria-current="true"` : ''}>${choice.label}</a>`,
)}
</nav>`;
}

export function chartSvg(view: DashboardView): SafeHtml {
  const { counts } = view;
  const label = `Requests per ${counts.interval}, ${RANGES[view.range].label}`;
  return seriesChart(counts.series, counts.interval, label, counts.compare?.series, releaseMarkers(view.releases, counts.tz));
}

function currentBucket(counts: RangeCounts): number {
  return counts.series[counts.series.length - 1]?.count ?? 0;
}

/** The current bucket's start, local: "14:05" (minute, hour) or "Dec 3" (day). */
function currentBucketTime(counts: RangeCounts): string {
  const last = counts.series[counts.series.length - 1];
  if (!last) return '';
  const time = DateTime.fromISO(last.t, { setZone: true });
  return counts.interval === 'day' ? time.toFormat('MMM d') : time.toFormat('HH:mm');
}

/** Where the open page polls for fresh numbers: the same range, zone and comparison. */
function livePath(view: DashboardView): string {
  return dashboardHref(view, view.range).replace(/\?/, '/live?');
}

export interface LiveFigures {
  /** New text of the elements with these data-testids. */
  text: Record<string, string>;
  /** The "+12 % vs …" notes, with their colour. */
  changes: Record<string, LiveChange>;
  /** The chart, redrawn (SVG markup). */
  chart: string;
}

/** What dashboard.js refreshes on the open page without a reload, rendered as the page renders it. */
export function liveFigures(view: DashboardView): LiveFigures {
  const { counts } = view;
  const compare = counts.compare;
  const changes: Record<string, LiveChange> = {};
  if (compare) {
    for (const [key, testId] of RECENT_TEST_IDS) changes[`${testId}-change`] = changeOf(compare.change_percent[key], RECENT_AGAINST[view.compare][key]);
    changes['range-sum-change'] = changeOf(compare.change_percent.sum, rangeAgainst(view));
    changes['errors-change'] = changeOf(compare.change_percent.errors, rangeAgainst(view));
  }
  const text: Record<string, string> = {
    total: formatCount(counts.total),
    'range-sum': formatCount(counts.sum),
    'range-errors': formatCount(counts.errors),
    'current-bucket': formatCount(currentBucket(counts)),
    'current-bucket-time': currentBucketTime(counts),
  };
  for (const [key, testId] of RECENT_TEST_IDS) text[testId] = formatCount(counts.recent[key]);
  return { text, changes, chart: chartSvg(view).markup };
}

function chartCard(view: DashboardView): SafeHtml {
  const { counts } = view;
  return html`<section class="card chart-card">
<div class="card-head">
<h2>Requests over time</h2>
${rangePicker(view)}
</div>
<p class="range-summary"><strong data-testid="range-sum">${formatCount(counts.sum)}</strong> requests
${changeNote(counts.compare?.change_percent.sum, rangeAgainst(view), 'range-sum-change')},
<strong data-testid="range-errors">${formatCount(counts.errors)}</strong> errors (${formatShare(counts.errors, counts.sum)})
${changeNote(counts.compare?.change_percent.errors, rangeAgainst(view), 'errors-change')} in the last ${rangePeriod(view)}
${counts.service_ms ? html` · service time p50 ${counts.service_ms.p50} ms, p95 ${counts.service_ms.p95} ms, p99 ${counts.service_ms.p99} ms` : ''}
${counts.series_approximate ? html` · <span class="note">approximate: older detail is kept in coarser buckets</span>` : ''}
${counts.breakdowns_approximate ? html` · <span class="note">breakdowns are kept per hour, so they cover whole hours</span>` : ''}</p>
${chartSvg(view)}
<p class="legend"><span class="swatch requests"></span> requests <span class="swatch errors"></span> errors (5xx or router error)
${counts.compare ? html`<span class="swatch previous"></span> ${comparedPeriod(view, counts.compare)}` : ''}
${view.releases.length > 0 ? html`<span class="swatch release"></span> release` : ''} · times in ${counts.tz}</p>
${releaseList(view.releases, counts.tz)}
<p class="live-now" data-live="${livePath(view)}">This ${counts.interval} (<span data-testid="current-bucket-time">${currentBucketTime(counts)}</span>): <strong data-testid="current-bucket">${formatCount(currentBucket(counts))}</strong> requests
<span class="subtle js-shown" hidden>· updates by itself every few seconds</span></p>
${comparePicker(view)}
${seriesTable(counts)}
${downloadLinks(view)}
</section>`;
}

/** The chart's numbers, the top paths and everything kept, as files (the API's downloads, with the session). */
function downloadLinks(view: DashboardView): SafeHtml {
  const range = RANGES[view.range];
  const base = dashboardPath(view.resource.id).replace(/\/?$/, '');
  const params = (extra: Record<string, string> = {}) => new URLSearchParams({ since: range.since, interval: range.interval, tz: view.counts.tz, ...extra }).toString();
  return html`<p class="downloads" data-testid="downloads">Download
<a href="${base}/counts.csv?${params()}" download>this chart (CSV)</a> ·
<a href="${base}/top.csv?${params({ by: 'path', limit: '100' })}" download>top 100 paths (CSV)</a> ·
everything the plan keeps: <a href="${base}/export" download>JSON</a>, <a href="${base}/export.csv" download>CSV</a></p>`;
}

function comparedPeriod(view: DashboardView, compare: Comparison): string {
  return `${rangeAgainst(view).replace(/^the /, '')} (${bucketTitle(compare.since, view.counts.interval)} – ${bucketTitle(compare.until, view.counts.interval)})`;
}

/** The chart's numbers as a table, folded away: for screen readers and for copying. */
function seriesTable(counts: RangeCounts): SafeHtml {
  const rows = counts.series.filter((point) => point.count > 0 || point.errors > 0);
  return html`<details class="series-table">
<summary>Show the numbers (${formatCount(rows.length)} ${counts.interval}s with requests)</summary>
<table class="counts">
<thead><tr><th scope="col">${counts.interval}</th><th scope="col" class="num">requests</th><th scope="col" class="num">errors</th></tr></thead>
<tbody>
${rows.map((point) => html`<tr><th scope="row">${bucketTitle(point.t, counts.interval)}</th><td class="num">${formatCount(point.count)}</td><td class="num">${formatCount(point.errors)}</td></tr>`)}
</tbody>
</table>
</details>`;
}

function barCell(count: number, max: number): SafeHtml {
  const width = max > 0 ? ((100 * count) / max).toFixed(1) : '0';
  return html`<svg class="row-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect width="${width}" height="6" rx="1"/></svg>`;
}

function countTable(caption: string, rows: readonly { key: HtmlValue; count: number }[], total: number, empty: string, testId: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const max = Math.max(...rows.map((row) => row.count));
  return html`<table class="counts" data-testid="${testId}">
<caption class="visually-hidden">${caption}</caption>
<tbody>
${rows.map(
  (row) => html`<tr><th scope="row">${row.key}${barCell(row.count, max)}</th><td class="num">${formatCount(row.count)}</td><td class="num share">${formatShare(row.count, total)}</td></tr>`,
)}
</tbody>
</table>`;
}

function topPathsCard(top: TopReport): SafeHtml {
  const rows: { key: HtmlValue; count: number }[] = top.items.map((item) => ({ key: html`<code>${item.key}</code>`, count: item.count }));
  if (top.other > 0) rows.push({ key: html`<span class="subtle">all other paths</span>`, count: top.other });
  return html`<section class="card">
<h2>Top paths</h2>
${countTable('Requests by path', rows, top.sum, 'No requests in this range yet.', 'top-paths')}
</section>`;
}

/** Where the badge links to: Vanity's page in the Heroku Elements marketplace. */
const ADDON_PAGE = 'https://elements.heroku.com/addons/vanity';

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', '1xx'] as const;

/** One stacked bar of the status classes, with a legend that carries the numbers. */
function statusClassBar(counts: RangeCounts): SafeHtml {
  const present = STATUS_CLASSES.filter((key) => counts.by_status_class[key] > 0);
  if (present.length === 0) return html`<p class="empty">No requests in this range yet.</p>`;
  const total = present.reduce((sum, key) => sum + counts.by_status_class[key], 0);
  let x = 0;
  const segments = present.map((key) => {
    const width = (100 * counts.by_status_class[key]) / total;
    const segment = html`<rect class="fill-${key}" x="${x.toFixed(2)}" width="${width.toFixed(2)}" height="10"/>`;
    x += width;
    return segment;
  });
  return html`<svg class="status-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">${segments}</svg>
<ul class="status-legend" data-testid="status-classes">
${present.map(
  (key) =>
    html`<li><span class="swatch fill-${key}"></span><span class="status-${key}">${key}</span> <strong>${formatCount(counts.by_status_class[key])}</strong> <span class="subtle">${formatShare(counts.by_status_class[key], total)}</span></li>`,
)}
</ul>`;
}

function statusCard(counts: RangeCounts, statuses: TopReport): SafeHtml {
  const rows: { key: HtmlValue; count: number }[] = statuses.items.map((item) => ({ key: item.key || '(none)', count: item.count }));
  if (statuses.other > 0) rows.push({ key: html`<span class="subtle">other codes</span>`, count: statuses.other });
  return html`<section class="card">
<h2>Status mix</h2>
${statusClassBar(counts)}
${rows.length > 0 ? html`<h3>By status code</h3>${countTable('Requests by status code', rows, statuses.sum, '', 'status-codes')}` : ''}
</section>`;
}

function routerErrorsCard(counts: RangeCounts): SafeHtml {
  const rows = Object.entries(counts.router_errors)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, count]) => ({ key: html`<code>${code}</code> <span class="subtle">${Object.hasOwn(ROUTER_ERROR_NAMES, code) ? ROUTER_ERROR_NAMES[code] : ''}</span>`, count }));
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  return html`<section class="card">
<h2>Router errors</h2>
${countTable('Router errors by code', rows, total, 'No router errors in this range. 🎉', 'router-errors')}
</section>`;
}

function lostLinesCard(counts: RangeCounts): SafeHtml {
  return html`<section class="card">
<h2>Lost log lines</h2>
<p class="big-number" data-testid="lost-lines">${formatCount(counts.lost_lines)}</p>
<p class="subtle">Lines Heroku's log router dropped before they reached Vanity (error L10) in this range.
${counts.lost_lines > 0 ? 'Requests in them could not be counted, so the totals above are a little low.' : 'Every request was counted.'}</p>
</section>`;
}

function badgeCard(view: DashboardView): SafeHtml {
  const { resource, session } = view;
  const markdown = `[![requests served](${view.badgeUrl})](${ADDON_PAGE})`;
  const on = resource.badgeEnabled;
  return html`<section class="card badge-card">
<h2>Counter badge</h2>
${
  on
    ? html`<p><img src="/badge/${resource.publicId}.svg" alt="requests served badge" height="20"></p>
<p class="subtle">Embed it in a README (Markdown):</p>
<pre class="snippet" data-testid="badge-snippet"><code>${markdown}</code></pre>`
    : html`<p class="subtle">Show off your traffic: a public badge with your all-time request count, for your README. It is off until you turn it on.</p>`
}
<form method="post" action="/dashboard/${resource.id}/badge">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="enabled" value="${on ? 'false' : 'true'}">
<input type="hidden" name="range" value="${view.range}">
<input type="hidden" name="tz" value="${view.counts.tz}">
<button type="submit" class="button${on ? ' secondary' : ''}">${on ? 'Turn the badge off' : 'Turn the badge on'}</button>
</form>
</section>`;
}

function shareCard(view: DashboardView): SafeHtml {
  return html`<section class="card share-card">
<h2>Share a read-only view</h2>
<p class="subtle">A secret link that shows these totals and the chart to anyone you give it to, without a Heroku account: optionally with the top paths, a password or an expiry; revocable at any time.</p>
<p><a class="button secondary" href="${dashboardPath(view.resource.id)}/shares" data-testid="manage-shares">Manage shared links</a></p>
</section>`;
}

/** The whole dashboard: server-rendered, complete without JavaScript. */
export function dashboardPage(view: DashboardView): SafeHtml {
  const { counts } = view;
  return page({
    title: `${appName(view)} · Vanity`,
    scripts: ['dashboard.js'],
    body: html`${topBar(view)}
<main class="dashboard">
<div class="intro">
${headline(view)}
${timeZoneForm(view)}
</div>
${recentStats(view)}
${chartCard(view)}
<div class="grid">
${topPathsCard(view.topPaths)}
${statusCard(counts, view.topStatuses)}
${routerErrorsCard(counts)}
${lostLinesCard(counts)}
</div>
${alertsCard({ resourceId: view.resource.id, csrf: view.session.csrf, range: view.range, tz: view.counts.tz, panel: view.alerts })}
${badgeCard(view)}
${shareCard(view)}
${credentialsCard({ resourceId: view.resource.id, csrf: view.session.csrf, range: view.range, tz: view.counts.tz, panel: view.credentials })}
<footer class="footer">Vanity counts one request per Heroku router log line and keeps only aggregates. Numbers match <code>heroku vanity:counts</code> and the API at <code>VANITY_URL</code>.</footer>
</main>`,
  });
}
