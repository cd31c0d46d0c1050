import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { HttpError } from '../http/json.js';
import { PLANS } from '../model/plans.js';
import type { Resource } from '../model/resource.js';
import type { AlertStore } from '../store/store.js';
import { describeRule, parseRule } from './alert-rule.js';
import type { ChannelOptions } from './alert-rule.js';
import type { AlertEvent, AlertRule } from '../model/alerts.js';
import { checkResolvedHost, checkWebhookUrl } from './channels/address-guard.js';
import { webhookSecret } from './deliver-alerts.js';

/** Rule management shared by the API and the dashboard: one set of checks, one JSON shape. */

export function channelOptions(config: Config): ChannelOptions {
  const policy = { allowLoopback: config.webhookAllowLoopback };
  return { emailEnabled: config.smtpUrl !== undefined, checkWebhookUrl: (url) => checkWebhookUrl(url, policy) };
}

export function ruleLimit(resource: Resource): number {
  return PLANS[resource.plan].alertRules;
}

/** Checks the body, resolves webhook hosts (SSRF guard), applies the plan's limit, stores the rule. */
export async function createRule(config: Config, store: AlertStore, resource: Resource, body: unknown, now: Date): Promise<AlertRule> {
  const { params, channels } = parseRule(body, channelOptions(config));
  const policy = { allowLoopback: config.webhookAllowLoopback };
  for (const [i, channel] of channels.entries()) {
    if (channel.type !== 'webhook') continue;
    const problem = await checkResolvedHost(channel.url, policy);
    if (problem) throw new HttpError(422, `channels[${i}].url: ${problem}`);
  }
  const rule = { id: randomUUID(), resourceSeq: resource.seq, params, channels, createdAt: now };
  const limit = ruleLimit(resource);
  if (!(await store.createAlertRule(rule, limit))) {
    throw new HttpError(
      422,
      `plan: the ${resource.plan} plan allows ${limit} alert rule${limit === 1 ? '' : 's'}; remove one first${resource.plan === 'pro' ? '' : ' or upgrade (heroku addons:upgrade vanity:pro)'}`,
    );
  }
  return { ...rule, state: { firing: false, clearStreak: 0, eventId: null } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function deleteRule(store: AlertStore, resource: Resource, id: string): Promise<void> {
  if (!UUID.test(id) || !(await store.deleteAlertRule(resource.seq, id.toLowerCase()))) {
    throw new HttpError(404, `id: this add-on has no alert rule ${id}`);
  }
}

export function ruleJson(config: Config, resource: Resource, rule: AlertRule): Record<string, unknown> {
  const { kind, ...params } = rule.params;
  const hasWebhook = rule.channels.some((channel) => channel.type === 'webhook');
  return {
    id: rule.id,
    kind,
    ...params,
    channels: rule.channels,
    description: describeRule(rule.params),
    state: rule.state.firing ? 'firing' : 'ok',
    created_at: rule.createdAt.toISOString(),
    ...(hasWebhook ? { webhook_secret: webhookSecret(config.secret, resource.id, rule.id) } : {}),
  };
}

export function eventJson(event: AlertEvent): Record<string, unknown> {
  return {
    rule_id: event.ruleId,
    fired_at: event.firedAt.toISOString(),
    fired_value: event.firedValue,
    resolved_at: event.resolvedAt?.toISOString() ?? null,
    resolved_value: event.resolvedValue,
  };
}

export const HISTORY_LIMIT = 50;

export async function alertsJson(config: Config, store: AlertStore, resource: Resource): Promise<Record<string, unknown>> {
  const [rules, events] = await Promise.all([store.listAlertRules(resource.seq), store.listAlertEvents(resource.seq, HISTORY_LIMIT)]);
  return { limit: ruleLimit(resource), rules: rules.map((rule) => ruleJson(config, resource, rule)), history: events.map(eventJson) };
}

/** What the dashboard's alerts card shows. */
export interface AlertsPanel {
  rules: AlertRule[];
  events: AlertEvent[];
  limit: number;
  emailEnabled: boolean;
  /** Per rule with a webhook: the key receivers verify `Vanity-Signature` with. */
  webhookSecrets: ReadonlyMap<string, string>;
  /** After a refused form: the reason and what was typed, to show it again. */
  error?: string;
  values?: Readonly<Record<string, string>>;
}

export async function alertsPanel(config: Config, store: AlertStore, resource: Resource): Promise<AlertsPanel> {
  const [rules, events] = await Promise.all([store.listAlertRules(resource.seq), store.listAlertEvents(resource.seq, 10)]);
  const webhookSecrets = new Map(
    rules.filter((rule) => rule.channels.some((c) => c.type === 'webhook')).map((rule) => [rule.id, webhookSecret(config.secret, resource.id, rule.id)]),
  );
  return { rules, events, limit: ruleLimit(resource), emailEnabled: config.smtpUrl !== undefined, webhookSecrets };
}
