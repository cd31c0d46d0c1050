import type { AlertChannel, AlertRule } from '../alert-types.js';

export function channelText(channel: AlertChannel): string {
  if (channel.type === 'webhook') return `webhook ${new URL(channel.url).host}`;
  if (channel.type === 'email') return `e-mail ${channel.to.join(', ')}`;
  return 'app log';
}

/** One table row per rule: id, state, what it watches, whom it tells. */
export function alertRows(rules: readonly AlertRule[]): { id: string; state: string; rule: string; channels: string }[] {
  return rules.map((rule) => ({ id: rule.id, state: rule.state, rule: rule.description, channels: rule.channels.map(channelText).join(', ') }));
}

/** `2026-11-23T10:02:05.000Z` → `2026-11-23 10:02 UTC`. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
