import { QUIET_STATE } from '../../model/alerts.js';
import type { AlertEvent, AlertRule, Delivery } from '../../model/alerts.js';
import type { AlertStore } from '../store.js';
import type { Synchronous } from './synchronous.js';

/** The in-memory side of the alert store, with the rules of `sqlite/sqlite-alerts.ts`. */
export interface MemoryAlerts {
  store: Synchronous<AlertStore>;
  /** Deprovisioning forgets a resource's alerts with its counts. */
  purge(resourceSeq: number): void;
  /** Rows of `alert_rules`, `alert_events`, `alert_deliveries` or `job_runs`, named as SQLite names its columns; null for another table. */
  dump(table: string): Record<string, unknown>[] | null;
}

interface DeliveryRecord extends Delivery {
  /** Null once delivered or given up. */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  lastError: string | null;
}

const byCreation = (a: AlertRule, b: AlertRule): number => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

export function memoryAlerts(isLive: (resourceSeq: number) => boolean): MemoryAlerts {
  const rules = new Map<string, AlertRule>();
  const events = new Map<string, AlertEvent>();
  const deliveries = new Map<number, DeliveryRecord>();
  let nextDeliveryId = 1;
  let lastMinute = -Infinity;

  const toDelivery = ({ nextAttemptAt: _next, deliveredAt: _delivered, lastError: _error, ...delivery }: DeliveryRecord): Delivery =>
    structuredClone(delivery);

  return {
    store: {
      createAlertRule(rule, maxRules) {
        if (!isLive(rule.resourceSeq)) return false;
        if ([...rules.values()].filter((r) => r.resourceSeq === rule.resourceSeq).length >= maxRules) return false;
        rules.set(rule.id, { ...structuredClone(rule), state: { ...QUIET_STATE } });
        return true;
      },
      listAlertRules(resourceSeq) {
        const chosen = [...rules.values()].filter((r) => (resourceSeq === undefined ? isLive(r.resourceSeq) : r.resourceSeq === resourceSeq));
        return chosen.sort((a, b) => a.resourceSeq - b.resourceSeq || byCreation(a, b)).map((r) => structuredClone(r));
      },
      deleteAlertRule(resourceSeq, ruleId) {
        if (rules.get(ruleId)?.resourceSeq !== resourceSeq) return false;
        rules.delete(ruleId);
        for (const [id, d] of deliveries) if (d.ruleId === ruleId && d.nextAttemptAt !== null) deliveries.delete(id);
        return true;
      },
      listAlertEvents(resourceSeq, limit) {
        return [...events.values()]
          .filter((e) => e.resourceSeq === resourceSeq)
          .sort((a, b) => b.firedAt.getTime() - a.firedAt.getTime() || a.id.localeCompare(b.id))
          .slice(0, limit)
          .map((e) => structuredClone(e));
      },
      commitAlertEvaluation(evaluation) {
        if (lastMinute >= evaluation.minute) return false;
        lastMinute = evaluation.minute;
        for (const { ruleId, state } of evaluation.states) {
          const rule = rules.get(ruleId);
          if (rule) rule.state = { ...state };
        }
        for (const fired of evaluation.fired) if (rules.has(fired.ruleId)) events.set(fired.id, structuredClone(fired));
        for (const resolved of evaluation.resolved) {
          const event = events.get(resolved.eventId);
          if (event) Object.assign(event, { resolvedAt: new Date(resolved.resolvedAt), resolvedValue: resolved.resolvedValue });
        }
        for (const d of evaluation.deliveries) {
          if (!rules.has(d.ruleId)) continue;
          const id = nextDeliveryId++;
          deliveries.set(id, { ...structuredClone(d), id, attempts: 0, nextAttemptAt: evaluation.dueAt, deliveredAt: null, lastError: null });
        }
        return true;
      },
      claimAlertDeliveries(nowMs, leaseMs, limit) {
        const due = [...deliveries.values()]
          .filter((d) => d.nextAttemptAt !== null && d.nextAttemptAt <= nowMs)
          .sort((a, b) => (a.nextAttemptAt as number) - (b.nextAttemptAt as number) || a.id - b.id)
          .slice(0, limit);
        for (const d of due) {
          d.nextAttemptAt = nowMs + leaseMs;
          d.attempts++;
        }
        return due.map(toDelivery);
      },
      finishAlertDelivery(id, result) {
        const d = deliveries.get(id);
        if (!d) return;
        if (result.delivered) Object.assign(d, { nextAttemptAt: null, deliveredAt: result.at, lastError: null });
        else Object.assign(d, { nextAttemptAt: result.retryAt, lastError: result.error });
      },
    },
    dump(table) {
      switch (table) {
        case 'alert_rules':
          return [...rules.values()].map((r) => ({
            id: r.id,
            resource: r.resourceSeq,
            params: r.params,
            channels: r.channels,
            created_at: r.createdAt.getTime(),
            firing: r.state.firing ? 1 : 0,
            clear_streak: r.state.clearStreak,
            event_id: r.state.eventId,
          }));
        case 'alert_events':
          return [...events.values()].map((e) => ({
            id: e.id,
            rule: e.ruleId,
            resource: e.resourceSeq,
            fired_at: e.firedAt.getTime(),
            fired_value: e.firedValue,
            resolved_at: e.resolvedAt?.getTime() ?? null,
            resolved_value: e.resolvedValue,
          }));
        case 'alert_deliveries':
          return [...deliveries.values()].map((d) => ({
            id: d.id,
            resource: d.resourceSeq,
            rule: d.ruleId,
            event: d.eventId,
            channel: d.channel,
            notice: d.notice,
            attempts: d.attempts,
            next_attempt_at: d.nextAttemptAt,
            delivered_at: d.deliveredAt,
            last_error: d.lastError,
          }));
        case 'job_runs':
          return lastMinute === -Infinity ? [] : [{ job: 'alerts', last_minute: lastMinute }];
        default:
          return null;
      }
    },
    purge(resourceSeq) {
      for (const table of [rules, events, deliveries] as Map<unknown, { resourceSeq: number }>[]) {
        for (const [key, row] of table) if (row.resourceSeq === resourceSeq) table.delete(key);
      }
    },
  };
}
