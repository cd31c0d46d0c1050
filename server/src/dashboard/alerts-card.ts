import { CHANNEL_FIELDS } from '../alerts/alert-form.js';
import { describeRule } from '../alerts/alert-rule.js';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import type { AlertsPanel } from '../alerts/manage-rules.js';
import type { AlertRule, Channel } from '../model/alerts.js';

export interface AlertsCardContext {
  resourceId: string;
  csrf: string;
  range: string;
  tz: string;
  panel: AlertsPanel;
}

function channelText(channel: Channel): string {
  if (channel.type === 'webhook') return `webhook ${new URL(channel.url).host}`;
  if (channel.type === 'email') return `e-mail ${channel.to.join(', ')}`;
  return 'app log';
}

function hidden(context: AlertsCardContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${context.csrf}">
<input type="hidden" name="range" value="${context.range}">
<input type="hidden" name="tz" value="${context.tz}">`;
}

function ruleRow(context: AlertsCardContext, rule: AlertRule): SafeHtml {
  const secret = context.panel.webhookSecrets.get(rule.id);
  return html`<li class="alert-rule" data-testid="alert-rule">
<div><span class="alert-state ${rule.state.firing ? 'firing' : 'ok'}">${rule.state.firing ? 'firing' : 'ok'}</span>
<strong>${describeRule(rule.params)}</strong></div>
<div class="subtle">${rule.channels.map(channelText).join(' · ')}${secret ? html` · signing secret <code>${secret}</code>` : ''}</div>
<form method="post" action="/dashboard/${context.resourceId}/alerts/${rule.id}/delete">
${hidden(context)}
<button type="submit" class="button secondary small">Remove</button>
</form>
</li>`;
}

function historyTable(panel: AlertsPanel): SafeHtml {
  if (panel.events.length === 0) return html``;
  const describe = new Map(panel.rules.map((rule) => [rule.id, describeRule(rule.params)]));
  return html`<h3>History</h3>
<table class="counts" data-testid="alert-history">
<thead><tr><th scope="col">rule</th><th scope="col">fired (UTC)</th><th scope="col" class="num">value</th><th scope="col">resolved (UTC)</th></tr></thead>
<tbody>
${panel.events.map(
  (event) =>
    html`<tr><td>${describe.get(event.ruleId) ?? 'a removed rule'}</td><td>${event.firedAt.toISOString().slice(0, 16).replace('T', ' ')}</td><td class="num">${event.firedValue}</td><td>${event.resolvedAt ? event.resolvedAt.toISOString().slice(0, 16).replace('T', ' ') : html`<span class="alert-state firing">still firing</span>`}</td></tr>`,
)}
</tbody>
</table>`;
}

const KIND_LABELS = {
  error_rate: 'Error rate (5xx and router errors, in % of requests)',
  router_error: 'Router error code (e.g. H12) seen K times',
  traffic_anomaly: 'Traffic compared with the same minutes a week earlier',
  lost_lines: 'Lost log lines (L10)',
} as const;

function field(name: string, label: string, values: Readonly<Record<string, string>>, attrs: SafeHtml, hint: string): SafeHtml {
  return html`<label class="field"><span>${label}</span><input name="${name}" id="alert-${name}" value="${values[name] ?? ''}" ${attrs}><small class="subtle">${hint}</small></label>`;
}

function newRuleForm(context: AlertsCardContext): SafeHtml {
  const { panel } = context;
  const values = panel.values ?? {};
  const kind = values.kind ?? 'error_rate';
  if (panel.rules.length >= panel.limit) {
    return html`<p class="subtle">Your plan allows ${panel.limit} alert rules. Remove one to add another${panel.limit < 20 ? ', or upgrade: heroku addons:upgrade vanity:pro' : ''}.</p>`;
  }
  return html`<form method="post" action="/dashboard/${context.resourceId}/alerts" class="alert-form" data-testid="alert-form">
${hidden(context)}
<h3>New alert</h3>
${panel.error ? html`<p class="form-error" role="alert" data-testid="alert-error">${panel.error}</p>` : ''}
<label class="field"><span>When</span><select name="kind" id="alert-kind">
${Object.entries(KIND_LABELS).map(([value, label]) => html`<option value="${value}"${value === kind ? html` selected` : ''}>${label}</option>`)}
</select></label>
<div class="field-row">
${field('threshold_percent', 'Threshold (%)', values, html`inputmode="decimal"`, 'error rate: at least this %; traffic: below (or above) this % of last week')}
${field('window_minutes', 'Over the last (minutes)', values, html`type="number" min="1" max="60" placeholder="5"`, '1 to 60')}
${field('min_requests', 'Only with at least (requests)', values, html`type="number" min="0" placeholder="20"`, 'error rate')}
</div>
<div class="field-row">
${field('code', 'Router error code', values, html`placeholder="H12"`, 'router error')}
${field('threshold_count', 'At least (times)', values, html`type="number" min="1" placeholder="1"`, 'router error, lost lines')}
<label class="field"><span>Direction</span><select name="direction" id="alert-direction">
${(['below', 'above'] as const).map((d) => html`<option value="${d}"${(values.direction ?? 'below') === d ? html` selected` : ''}>${d}</option>`)}
</select><small class="subtle">traffic</small></label>
${field('min_baseline_requests', 'Only if last week had (requests)', values, html`type="number" min="1" placeholder="10"`, 'traffic')}
</div>
<h3>Tell</h3>
<div class="field-row">
${field(CHANNEL_FIELDS.webhook, 'Webhook URL', values, html`type="url" placeholder="https://hooks.slack.com/services/…"`, 'JSON with a Slack-compatible text, signed')}
${
  panel.emailEnabled
    ? field(CHANNEL_FIELDS.email, 'E-mail to', values, html`placeholder="you@example.com, ops@example.com"`, 'up to 5 addresses')
    : html`<p class="subtle">E-mail alerts need SMTP_URL on the Vanity server.</p>`
}
<label class="field checkbox"><input type="checkbox" name="${CHANNEL_FIELDS.appLog}" id="alert-app-log"${values[CHANNEL_FIELDS.appLog] === 'on' ? html` checked` : ''}> <span>Write to the app's log (<code>heroku logs</code>)</span></label>
</div>
<button type="submit" class="button">Add alert</button>
</form>`;
}

/** Alerts on the dashboard: the rules, their history, and the form to add one. */
export function alertsCard(context: AlertsCardContext): SafeHtml {
  const { panel } = context;
  return html`<section class="card alerts-card" id="alerts">
<h2>Alerts</h2>
<p class="subtle">Checked every minute. A rule tells you once when it starts and once when it is over.</p>
${panel.rules.length === 0 ? html`<p class="empty">No alerts yet.</p>` : html`<ul class="alert-rules">${panel.rules.map((rule) => ruleRow(context, rule))}</ul>`}
${historyTable(panel)}
${newRuleForm(context)}
</section>`;
}
