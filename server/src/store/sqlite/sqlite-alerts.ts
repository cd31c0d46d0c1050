import type Database from 'better-sqlite3';
import type { AlertEvent, AlertRule, Delivery, NewAlertRule } from '../../model/alerts.js';
import { deliveryFromColumns, eventFromColumns, ruleFromColumns } from '../alert-columns.js';
import type { AlertDeliveryColumns, AlertEventColumns, AlertRuleColumns } from '../alert-columns.js';
import type { AlertEvaluation, DeliveryResult } from '../store.js';

/** The SQLite side of the alert store: writes run on the writer thread, reads on the main connection. */

interface RuleRow extends AlertRuleColumns {
  params: string;
  channels: string;
  created_at: number;
  firing: number;
}

interface EventRow extends AlertEventColumns {
  fired_at: number;
  resolved_at: number | null;
}

interface DeliveryRow extends AlertDeliveryColumns {
  id: number;
  channel: string;
  notice: string;
}

const toRule = (row: RuleRow): AlertRule =>
  ruleFromColumns(row, {
    params: JSON.parse(row.params) as AlertRule['params'],
    channels: JSON.parse(row.channels) as AlertRule['channels'],
    createdAt: new Date(row.created_at),
    firing: row.firing === 1,
  });

const toEvent = (row: EventRow): AlertEvent =>
  eventFromColumns(row, { firedAt: new Date(row.fired_at), resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at) });

const toDelivery = (row: DeliveryRow): Delivery =>
  deliveryFromColumns(row, { id: row.id, channel: JSON.parse(row.channel) as Delivery['channel'], notice: JSON.parse(row.notice) as Delivery['notice'] });

export interface AlertReads {
  listAlertRules(resourceSeq?: number): AlertRule[];
  listAlertEvents(resourceSeq: number, limit: number): AlertEvent[];
}

export function prepareAlertReads(db: Database.Database): AlertReads {
  const rulesOf = db.prepare<[number], RuleRow>('SELECT * FROM alert_rules WHERE resource = ? ORDER BY created_at, id');
  const liveRules = db.prepare<[], RuleRow>(
    `SELECT a.* FROM alert_rules a JOIN resources r ON r.seq = a.resource AND r.deleted_at IS NULL ORDER BY a.resource, a.created_at, a.id`,
  );
  const events = db.prepare<[number, number], EventRow>('SELECT * FROM alert_events WHERE resource = ? ORDER BY fired_at DESC, id LIMIT ?');
  return {
    listAlertRules: (resourceSeq) => (resourceSeq === undefined ? liveRules.all() : rulesOf.all(resourceSeq)).map(toRule),
    listAlertEvents: (resourceSeq, limit) => events.all(resourceSeq, limit).map(toEvent),
  };
}

export interface AlertWrites {
  createAlertRule(rule: NewAlertRule, maxRules: number): boolean;
  deleteAlertRule(resourceSeq: number, ruleId: string): boolean;
  commitAlertEvaluation(evaluation: AlertEvaluation): boolean;
  claimAlertDeliveries(nowMs: number, leaseMs: number, limit: number): Delivery[];
  finishAlertDelivery(id: number, result: DeliveryResult): void;
}

/** Dates cross the thread boundary as structured clones, so they arrive as Dates. */
export function prepareAlertWrites(db: Database.Database): AlertWrites {
  const live = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM resources WHERE seq = ? AND deleted_at IS NULL');
  const countRules = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM alert_rules WHERE resource = ?');
  const insertRule = db.prepare<[string, number, string, string, number]>(
    'INSERT INTO alert_rules (id, resource, params, channels, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const deleteRule = db.prepare<[string, number]>('DELETE FROM alert_rules WHERE id = ? AND resource = ?');
  const deletePending = db.prepare<[string]>('DELETE FROM alert_deliveries WHERE rule = ? AND next_attempt_at IS NOT NULL');
  const claimMinute = db.prepare<[number], { last_minute: number }>(
    `INSERT INTO job_runs (job, last_minute) VALUES ('alerts', ?)
     ON CONFLICT (job) DO UPDATE SET last_minute = excluded.last_minute WHERE job_runs.last_minute < excluded.last_minute
     RETURNING last_minute`,
  );
  const updateState = db.prepare<[number, number, string | null, string]>(
    'UPDATE alert_rules SET firing = ?, clear_streak = ?, event_id = ? WHERE id = ?',
  );
  const insertEvent = db.prepare<[string, string, number, number, number, string]>(
    `INSERT INTO alert_events (id, rule, resource, fired_at, fired_value)
     SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = ?)`,
  );
  const resolveEvent = db.prepare<[number, number | null, string]>('UPDATE alert_events SET resolved_at = ?, resolved_value = ? WHERE id = ?');
  const insertDelivery = db.prepare<[number, string, string, string, string, number, string]>(
    `INSERT INTO alert_deliveries (resource, rule, event, channel, notice, next_attempt_at)
     SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = ?)`,
  );
  const due = db.prepare<[number, number], DeliveryRow>(
    'SELECT * FROM alert_deliveries WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?',
  );
  const lease = db.prepare<[number, number]>('UPDATE alert_deliveries SET next_attempt_at = ?, attempts = attempts + 1 WHERE id = ?');
  const delivered = db.prepare<[number, number]>('UPDATE alert_deliveries SET next_attempt_at = NULL, delivered_at = ?, last_error = NULL WHERE id = ?');
  const failed = db.prepare<[number | null, string, number]>('UPDATE alert_deliveries SET next_attempt_at = ?, last_error = ? WHERE id = ?');

  const create = db.transaction((rule: NewAlertRule, maxRules: number): boolean => {
    if ((live.get(rule.resourceSeq)?.n ?? 0) === 0) return false;
    if ((countRules.get(rule.resourceSeq)?.n ?? 0) >= maxRules) return false;
    insertRule.run(rule.id, rule.resourceSeq, JSON.stringify(rule.params), JSON.stringify(rule.channels), rule.createdAt.getTime());
    return true;
  });
  const remove = db.transaction((resourceSeq: number, ruleId: string): boolean => {
    if (deleteRule.run(ruleId, resourceSeq).changes === 0) return false;
    deletePending.run(ruleId);
    return true;
  });
  const commit = db.transaction((evaluation: AlertEvaluation): boolean => {
    if (claimMinute.get(evaluation.minute) === undefined) return false;
    for (const { ruleId, state } of evaluation.states) updateState.run(state.firing ? 1 : 0, state.clearStreak, state.eventId, ruleId);
    for (const e of evaluation.fired) insertEvent.run(e.id, e.ruleId, e.resourceSeq, e.firedAt.getTime(), e.firedValue, e.ruleId);
    for (const r of evaluation.resolved) resolveEvent.run(r.resolvedAt.getTime(), r.resolvedValue, r.eventId);
    for (const d of evaluation.deliveries) {
      insertDelivery.run(d.resourceSeq, d.ruleId, d.eventId, JSON.stringify(d.channel), JSON.stringify(d.notice), evaluation.dueAt, d.ruleId);
    }
    return true;
  });
  const claim = db.transaction((nowMs: number, leaseMs: number, limit: number): Delivery[] => {
    const rows = due.all(nowMs, limit);
    for (const row of rows) lease.run(nowMs + leaseMs, row.id);
    return rows.map((row) => toDelivery({ ...row, attempts: row.attempts + 1 }));
  });

  return {
    createAlertRule: (rule, maxRules) => create.immediate(rule, maxRules),
    deleteAlertRule: (resourceSeq, ruleId) => remove.immediate(resourceSeq, ruleId),
    commitAlertEvaluation: (evaluation) => commit.immediate(evaluation),
    claimAlertDeliveries: (nowMs, leaseMs, limit) => claim.immediate(nowMs, leaseMs, limit),
    finishAlertDelivery(id, result) {
      if (result.delivered) delivered.run(result.at, id);
      else failed.run(result.retryAt, result.error, id);
    },
  };
}

/** Deprovisioning forgets a resource's alerts with its counts. */
export const PURGE_ALERTS_SQL = ['alert_rules', 'alert_events', 'alert_deliveries'].map((table) => `DELETE FROM ${table} WHERE resource = ?`);
