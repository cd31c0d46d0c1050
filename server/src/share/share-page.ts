import { formatCount, formatShare } from '../dashboard/format.js';
import { RANGES } from '../dashboard/dashboard-ranges.js';
import type { RangeKey } from '../dashboard/dashboard-ranges.js';
import { seriesChart } from '../dashboard/series-chart.js';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import { page } from '../http/html-page.js';
import type { RangeCounts, TopReport } from '../query/index.js';
import { sharePath } from './share-access.js';

/** The ranges a shared view offers (no per-minute day: the owner's dashboard has that). */
export const SHARE_RANGES = ['24h', '7d', '30d'] as const satisfies readonly RangeKey[];
export type ShareRange = (typeof SHARE_RANGES)[number];

export function parseShareRange(value: unknown): ShareRange {
  return (SHARE_RANGES as readonly unknown[]).includes(value) ? (value as ShareRange) : '24h';
}

export interface SharedView {
  token: string;
  appName: string;
  range: ShareRange;
  counts: RangeCounts;
  /** Only when the owner chose to show paths. */
  topPaths: TopReport | null;
}

function topBar(appName: string): SafeHtml {
  return html`<header class="topbar">
<div class="brand"><span class="logo" aria-hidden="true">V</span> Vanity</div>
<div class="who"><span class="app" data-testid="app-name">${appName}</span><span class="email">read-only view</span></div>
</header>`;
}

function stat(label: string, value: number, testId: string): SafeHtml {
  return html`<div class="stat"><div class="stat-value" data-testid="${testId}">${formatCount(value)}</div><div class="stat-label">${label}</div></div>`;
}

function topPathsCard(top: TopReport): SafeHtml {
  if (top.items.length === 0) return html`<section class="card"><h2>Top paths</h2><p class="empty">No requests in this range yet.</p></section>`;
  return html`<section class="card">
<h2>Top paths</h2>
<table class="counts" data-testid="top-paths"><tbody>
${top.items.map((item) => html`<tr><th scope="row"><code>${item.key}</code></th><td class="num">${formatCount(item.count)}</td><td class="num share">${formatShare(item.count, top.sum)}</td></tr>`)}
</tbody></table>
</section>`;
}

/** A shared link's page: totals and the chart, paths if the owner chose so, and nothing that writes. */
export function sharedViewPage(view: SharedView): SafeHtml {
  const { counts } = view;
  const label = RANGES[view.range].label;
  return page({
    title: `${view.appName} · Vanity`,
    body: html`${topBar(view.appName)}
<main class="dashboard">
<div class="intro">
<section class="hero">
<p class="headline"><span class="headline-number" data-testid="total">${formatCount(counts.total)}</span> requests served</p>
<p class="subtle">all time · times in ${counts.tz}</p>
</section>
</div>
<section class="stats">
${stat('Last hour', counts.recent.last_hour, 'last-hour')}
${stat('Today', counts.recent.today, 'today')}
${stat('Last 7 days', counts.recent.last_7_days, 'last-7-days')}
${stat('Last 30 days', counts.recent.last_30_days, 'last-30-days')}
</section>
<section class="card chart-card">
<div class="card-head">
<h2>Requests over time</h2>
<nav class="range-picker" aria-label="Chart range">
${SHARE_RANGES.map((key) => html`<a href="${sharePath(view.token)}?range=${key}"${key === view.range ? html` class="active" aria-current="true"` : ''}>${RANGES[key].label}</a>`)}
</nav>
</div>
<p class="range-summary"><strong data-testid="range-sum">${formatCount(counts.sum)}</strong> requests, <strong>${formatCount(counts.errors)}</strong> errors (${formatShare(counts.errors, counts.sum)})</p>
${seriesChart(counts.series, counts.interval, `Requests per ${counts.interval}, ${label}`)}
<p class="legend"><span class="swatch requests"></span> requests <span class="swatch errors"></span> errors (5xx or router error) · times in ${counts.tz}</p>
</section>
${view.topPaths ? topPathsCard(view.topPaths) : ''}
<footer class="footer">A read-only view of an app's traffic, shared by its owner through <a href="https://elements.heroku.com/addons/vanity">Vanity</a>.</footer>
</main>`,
  });
}

/** The form a password-protected link shows first. */
export function passwordPage(token: string, wrong: boolean): SafeHtml {
  return page({
    title: 'Password needed · Vanity',
    body: html`<main class="message">
<h1>This shared view needs a password</h1>
${wrong ? html`<p class="note" data-testid="wrong-password">That password is not right.</p>` : ''}
<form method="post" action="${sharePath(token)}/unlock">
<label for="password">Password</label>
<input id="password" name="password" type="password" required autocomplete="current-password">
<button type="submit" class="button">Show the numbers</button>
</form>
</main>`,
  });
}
