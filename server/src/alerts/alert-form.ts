import { RULE_FIELDS } from './alert-rule.js';
import { RULE_KINDS } from '../model/alerts.js';
import type { RuleKind } from '../model/alerts.js';

/** The dashboard form's field names besides the rule fields themselves. */
export const CHANNEL_FIELDS = { webhook: 'webhook_url', email: 'email_to', appLog: 'app_log' } as const;

/**
 * The dashboard's one form for every kind → the API's rule body: only the fields of the chosen
 * kind are kept (the others are on the form for the other kinds), empty ones take their default,
 * and the channel inputs become `channels`. `parseRule` then checks it exactly as an API body.
 */
export function ruleBodyFromForm(form: Readonly<Record<string, string>>): Record<string, unknown> {
  const kind = form.kind ?? '';
  const body: Record<string, unknown> = { kind };
  if (!(RULE_KINDS as readonly string[]).includes(kind)) return body;
  for (const name of ['window_minutes', ...RULE_FIELDS[kind as RuleKind]]) {
    const value = form[name]?.trim();
    if (value) body[name] = value;
  }
  const channels: Record<string, unknown>[] = [];
  const url = form[CHANNEL_FIELDS.webhook]?.trim();
  if (url) channels.push({ type: 'webhook', url });
  const to = (form[CHANNEL_FIELDS.email] ?? '').split(/[\s,;]+/).filter(Boolean);
  if (to.length > 0) channels.push({ type: 'email', to });
  if (form[CHANNEL_FIELDS.appLog] === 'on') channels.push({ type: 'app_log' });
  body.channels = channels;
  return body;
}
