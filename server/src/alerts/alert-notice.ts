import type { Resource } from '../model/resource.js';
import { describeRule } from './alert-rule.js';
import type { AlertNotice, AlertRule } from '../model/alerts.js';
import type { Transition } from './evaluate-rule.js';

const UNITS: Record<AlertRule['params']['kind'], string> = {
  error_rate: ' % errors',
  router_error: '',
  traffic_anomaly: ' % of last week',
  lost_lines: ' lines',
};

export function formatValue(rule: AlertRule, value: number | null): string {
  if (value === null) return 'no longer applies';
  return `${value}${UNITS[rule.params.kind]}`;
}

export interface NoticeInput {
  rule: AlertRule;
  resource: Resource;
  transition: Transition;
  eventId: string;
  value: number | null;
  at: Date;
  firedAt: Date;
}

/** What every channel says about one firing or resolution. */
export function alertNotice({ rule, resource, transition, eventId, value, at, firedAt }: NoticeInput): AlertNotice {
  const app = resource.name ?? resource.id;
  const described = describeRule(rule.params);
  const headline = transition === 'firing' ? `🔴 ${app}: alert firing` : `✅ ${app}: alert resolved`;
  return {
    rule_id: rule.id,
    event_id: eventId,
    kind: rule.params.kind,
    state: transition,
    value,
    rule: described,
    at: at.toISOString(),
    fired_at: firedAt.toISOString(),
    resolved_at: transition === 'resolved' ? at.toISOString() : null,
    resource: { id: resource.id, name: resource.name },
    text: `${headline}: ${described}; now ${formatValue(rule, value)}`,
  };
}
