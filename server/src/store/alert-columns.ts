import type { AlertEvent, AlertRule, Delivery } from '../model/alerts.js';

/**
 * The alert tables' columns both stores read back with the same JS types, and the model
 * objects built from them; `typed` holds the columns whose storage type differs per store
 * (times, JSON, booleans).
 */
export interface AlertRuleColumns {
  id: string;
  resource: number;
  clear_streak: number;
  event_id: string | null;
}

export function ruleFromColumns(row: AlertRuleColumns, typed: Pick<AlertRule, 'params' | 'channels' | 'createdAt'> & { firing: boolean }): AlertRule {
  return {
    id: row.id,
    resourceSeq: row.resource,
    params: typed.params,
    channels: typed.channels,
    createdAt: typed.createdAt,
    state: { firing: typed.firing, clearStreak: row.clear_streak, eventId: row.event_id },
  };
}

export interface AlertEventColumns {
  id: string;
  rule: string;
  resource: number;
  fired_value: number;
  resolved_value: number | null;
}

export function eventFromColumns(row: AlertEventColumns, times: Pick<AlertEvent, 'firedAt' | 'resolvedAt'>): AlertEvent {
  return {
    id: row.id,
    ruleId: row.rule,
    resourceSeq: row.resource,
    firedAt: times.firedAt,
    firedValue: row.fired_value,
    resolvedAt: times.resolvedAt,
    resolvedValue: row.resolved_value,
  };
}

export interface AlertDeliveryColumns {
  resource: number;
  rule: string;
  event: string;
  attempts: number;
}

export function deliveryFromColumns(row: AlertDeliveryColumns, typed: Pick<Delivery, 'id' | 'channel' | 'notice'>): Delivery {
  return { id: typed.id, resourceSeq: row.resource, ruleId: row.rule, eventId: row.event, channel: typed.channel, notice: typed.notice, attempts: row.attempts };
}
