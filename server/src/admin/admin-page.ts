import { html } from '../http/html.js';
import type { HtmlValue, SafeHtml } from '../http/html.js';
import { page } from '../http/html-page.js';
import { formatCount } from '../dashboard/format.js';
import { seriesChart } from '../dashboard/series-chart.js';
import type { FleetReport, ResourceHealth } from './fleet-report.js';
import type { AdminSession } from './admin-session.js';
import type { ResourceDetail } from './resource-detail.js';

const dollars = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const orDash = (value: number | null, unit = ''): string => (value === null ? '–' : `${value}${unit}`);
const when = (iso: string | null): string => (iso === null ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));

function topBar(session: AdminSession): SafeHtml {
  return html`<header class="topbar">
<div class="brand"><span class="logo" aria-hidden="true">V</span> Vanity operator console</div>
<form class="who" method="post" action="/admin/logout">
<input type="hidden" name="csrf" value="${session.csrf}">
<button type="submit" class="button secondary">Sign out</button>
</form>
</header>`;
}

function stat(label: string, value: string, testId: string): SafeHtml {
  return html`<div class="stat"><div class="stat-value" data-testid="${testId}">${value}</div><div class="stat-label">${label}</div></div>`;
}

function table(caption: string, head: readonly string[], rows: readonly (readonly HtmlValue[])[], testId: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">No ${caption.toLowerCase()} yet.</p>`;
  return html`<table class="counts" data-testid="${testId}">
<caption class="visually-hidden">${caption}</caption>
<thead><tr>${head.map((h, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class="num">${cell}</td>`))}</tr>`)}</tbody>
</table>`;
}

const dayPoints = (report: FleetReport, pick: (d: FleetReport['days'][number]) => number) =>
  report.days.map((d) => ({ t: `${d.day}T00:00:00Z`, count: pick(d), errors: 0 }));

function installsCard(report: FleetReport): SafeHtml {
  const i = report.installs;
  const plans = Object.entries(i.by_plan).map(([plan, n]) => `${plan} ${n}`).join(', ');
  const regions = Object.entries(i.by_region).map(([region, n]) => `${region} ${n}`).join(', ') || '–';
  return html`<section class="card">
<h2>Installs</h2>
<section class="stats">
${stat('active add-ons', formatCount(i.active), 'active')}
${stat('provisions in the period', formatCount(i.provisions), 'provisions')}
${stat('deprovisions in the period', formatCount(i.deprovisions), 'deprovisions')}
${stat('churn', orDash(i.churn_percent, ' %'), 'churn')}
</section>
<p>By plan: <span data-testid="by-plan">${plans}</span> · by region: <span data-testid="by-region">${regions}</span> ·
average lifetime: <span data-testid="lifetime">${orDash(i.average_lifetime_days, ' days')}</span> (deprovisioned add-ons)</p>
${seriesChart(dayPoints(report, (d) => d.active), 'day', 'Active add-ons per day')}
</section>`;
}

function revenueCard(report: FleetReport): SafeHtml {
  const r = report.revenue;
  return html`<section class="card">
<h2>Revenue (estimate, ${r.currency})</h2>
<section class="stats">
${stat('MRR now', dollars(r.mrr_cents), 'mrr')}
${stat('month to date', dollars(r.month_to_date_cents), 'month-to-date')}
${stat('previous month', dollars(r.previous_month_cents), 'previous-month')}
${stat('this period', dollars(r.period_cents), 'period-revenue')}
</section>
<p class="subtle">Σ seconds on each plan × the plan's monthly price ÷ seconds in that month (Heroku bills to the second); prices in plans.ts.</p>
</section>`;
}

function ingestCard(report: FleetReport): SafeHtml {
  const t = report.traffic;
  const rel = report.reliability;
  return html`<section class="card">
<h2>Ingest</h2>
<section class="stats">
${stat('requests', formatCount(t.requests), 'requests')}
${stat('drain batches', formatCount(t.batches), 'batches')}
${stat('lost lines (L10)', formatCount(t.lost_lines), 'lost-lines')}
${stat('parse errors', formatCount(t.parse_errors), 'parse-errors')}
</section>
<p>Batches refused: <span data-testid="refused">${formatCount(rel.batches_refused)}</span> (5xx: ${formatCount(rel.batches_5xx)}) ·
retries already counted: ${formatCount(rel.retries)} · stale drains: <span data-testid="stale-count">${rel.stale_drains}</span> ·
Platform API tokens failed: <span data-testid="tokens-failed">${rel.tokens_failed}</span> · milestone lines pending: ${rel.milestones_pending}</p>
${seriesChart(dayPoints(report, (d) => d.requests), 'day', 'Requests per day, all add-ons')}
${table('Busiest add-ons', ['add-on', 'requests'], t.busiest.map((b) => [html`<a href="/admin/resources/${b.id}">${b.id}</a>`, formatCount(b.requests)]), 'busiest')}
</section>`;
}

/** The last rotation: a rollback with its reason, a running overlap, or nothing to say. */
function rotationCell(r: ResourceHealth): HtmlValue {
  if (r.rotation_state === 'rolled_back') return html`<span data-testid="rotation-state">rolled back: ${r.rotation_reason ?? 'no reason recorded'}</span>`;
  if (r.rotation_overlap_until !== null) return html`<span data-testid="rotation-state">overlap until ${when(r.rotation_overlap_until)}</span>`;
  return r.rotation_state === 'ok' ? 'rotated' : '–';
}

function healthRow(r: ResourceHealth): HtmlValue[] {
  return [
    html`<a href="/admin/resources/${r.id}">${r.id}</a>${r.stale ? html` <strong class="note" data-testid="stale">stale drain</strong>` : ''}`,
    r.plan,
    when(r.last_batch_at),
    formatCount(r.requests),
    orDash(r.parse_error_percent, ' %'),
    html`<span title="${r.token_reason ?? ''}" data-testid="token-state">${r.token_state}</span>`,
    rotationCell(r),
    String(r.milestones_pending),
  ];
}

function healthCard(report: FleetReport): SafeHtml {
  return html`<section class="card">
<h2>Health per add-on</h2>
${table('Add-ons', ['add-on', 'plan', 'last drain batch', 'requests', 'parse errors', 'Platform API token', 'rotation', 'milestones pending'], report.resources.map(healthRow), 'health')}
</section>`;
}

function performanceCard(report: FleetReport): SafeHtml {
  const rows = report.processes.map((p) => [
    p.process_id,
    orDash(p.commit_p50_ms, ' ms'),
    orDash(p.commit_p99_ms, ' ms'),
    orDash(p.group_size_mean),
    String(p.queue_depth),
    orDash(p.event_loop_lag_p99_ms, ' ms'),
    when(p.seen_at),
  ]);
  return html`<section class="card">
<h2>Performance per process</h2>
${table('Processes', ['process', 'commit p50', 'commit p99', 'group size', 'queue', 'event-loop lag p99', 'reported'], rows, 'processes')}
</section>`;
}

export function consolePage(report: FleetReport, session: AdminSession): SafeHtml {
  const from = report.period.from.slice(0, 10);
  const to = new Date(Date.parse(report.period.to) - 1).toISOString().slice(0, 10);
  return page({
    title: 'Operator console · Vanity',
    body: html`${topBar(session)}
<main class="dashboard">
<p class="intro">${from} to ${to} (UTC) · <a href="/admin?days=7">7 days</a> · <a href="/admin?days=30">30 days</a> · <a href="/admin?days=90">90 days</a> ·
<a href="/admin/report.json?days=${report.days.length}">JSON</a></p>
${installsCard(report)}
${revenueCard(report)}
${ingestCard(report)}
${healthCard(report)}
${performanceCard(report)}
</main>`,
  });
}

export function resourcePage(detail: ResourceDetail, session: AdminSession): SafeHtml {
  const r = detail.resource;
  return page({
    title: `${r.id} · Vanity operator console`,
    body: html`${topBar(session)}
<main class="dashboard">
<p class="intro"><a href="/admin">← console</a></p>
<section class="card">
<h2 data-testid="resource-id">${r.id}</h2>
<p>Plan <strong data-testid="plan">${r.plan}</strong> · region ${r.region} · provisioned ${when(r.createdAt.toISOString())}
${r.deletedAt ? html` · deprovisioned ${when(r.deletedAt.toISOString())}` : ''}</p>
<section class="stats">
${stat('requests, all time', formatCount(detail.totals.requests), 'total')}
${stat('lost lines, all time', formatCount(detail.totals.lostLines), 'total-lost')}
${stat('parse errors, all time', formatCount(detail.totals.parseErrors), 'total-parse-errors')}
</section>
</section>
<section class="card">
<h2>Plan history</h2>
${table('Plan history', ['from', 'plan'], detail.planHistory.map((e) => [when(e.at.toISOString()), e.plan]), 'plan-history')}
</section>
<section class="card">
<h2>Drain traffic per day</h2>
${table('Drain traffic', ['day', 'batches', 'requests', 'refused', 'parse errors'], detail.days.map((d) => [
  new Date(d.day * 1000).toISOString().slice(0, 10),
  formatCount(d.batches),
  formatCount(d.lines),
  formatCount(d.refused),
  formatCount(d.parseErrors),
]), 'resource-days')}
</section>
</main>`,
  });
}

export function loginPage(message?: string): SafeHtml {
  return page({
    title: 'Operator sign-in · Vanity',
    body: html`<main class="message">
<h1>Vanity operator console</h1>
${message ? html`<p class="note" data-testid="login-error">${message}</p>` : ''}
<form method="post" action="/admin/login">
<label for="password">Operator password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="button">Sign in</button>
</form>
</main>`,
  });
}
