/**
 * Alert rules, their history and their notifications: the shapes the alert job, the store and
 * the routes share. The rules for what a valid rule is live in alerts/alert-rule.ts.
 */

export type RuleKind = 'error_rate' | 'router_error' | 'traffic_anomaly' | 'lost_lines';
export const RULE_KINDS: readonly RuleKind[] = ['error_rate', 'router_error', 'traffic_anomaly', 'lost_lines'];

export type Channel = { type: 'webhook'; url: string } | { type: 'email'; to: string[] } | { type: 'app_log' };
export type ChannelType = Channel['type'];
export const CHANNEL_TYPES: readonly ChannelType[] = ['webhook', 'email', 'app_log'];

export type RuleParams =
  | { kind: 'error_rate'; window_minutes: number; threshold_percent: number; min_requests: number }
  | { kind: 'router_error'; window_minutes: number; code: string; threshold_count: number }
  | {
      kind: 'traffic_anomaly';
      window_minutes: number;
      direction: 'below' | 'above';
      threshold_percent: number;
      min_baseline_requests: number;
    }
  | { kind: 'lost_lines'; window_minutes: number; threshold_count: number };

/** Where a rule is between evaluations: the hysteresis needs the streak of clear minutes. */
export interface RuleState {
  firing: boolean;
  /** Consecutive evaluations that looked recovered while firing. */
  clearStreak: number;
  /** The open history entry while firing. */
  eventId: string | null;
}

export const QUIET_STATE: RuleState = { firing: false, clearStreak: 0, eventId: null };

export interface AlertRule {
  id: string;
  resourceSeq: number;
  params: RuleParams;
  channels: Channel[];
  createdAt: Date;
  state: RuleState;
}

export type NewAlertRule = Omit<AlertRule, 'state'>;

/** One firing of a rule: when it fired, when it resolved, and the values it had then. */
export interface AlertEvent {
  id: string;
  ruleId: string;
  resourceSeq: number;
  firedAt: Date;
  firedValue: number;
  resolvedAt: Date | null;
  resolvedValue: number | null;
}

/** What an alert notification says, stored with each delivery so retries send the same thing. */
export interface AlertNotice {
  rule_id: string;
  event_id: string;
  kind: RuleKind;
  state: 'firing' | 'resolved';
  /** The rule's value at this evaluation (percent or count); null when it no longer applied. */
  value: number | null;
  rule: string;
  /** ISO time of the evaluation that fired or resolved it. */
  at: string;
  fired_at: string;
  resolved_at: string | null;
  resource: { id: string; name: string | null };
  /** One line for people (Slack shows it). */
  text: string;
}

export interface NewDelivery {
  resourceSeq: number;
  ruleId: string;
  eventId: string;
  channel: Channel;
  notice: AlertNotice;
}

export interface Delivery extends NewDelivery {
  id: number;
  /** Attempts so far, this one included. */
  attempts: number;
}

