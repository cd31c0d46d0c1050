import type { Pool } from 'pg';
import type { AlertEvent, AlertRule, Delivery } from '../../model/alerts.js';
import { deliveryFromColumns, eventFromColumns, ruleFromColumns } from '../alert-columns.js';
import type { AlertDeliveryColumns, AlertEventColumns, AlertRuleColumns } from '../alert-columns.js';
import type { AlertStore } from '../store.js';
import { inTransaction } from './transaction.js';

interface RuleRow extends AlertRuleColumns {
  params: AlertRule['params'];
  channels: AlertRule['channels'];
  created_at: Date;
  firing: boolean;
}

interface EventRow extends AlertEventColumns {
  fired_at: Date;
  resolved_at: Date | null;
}

interface DeliveryRow extends AlertDeliveryColumns {
  id: string;
  channel: Delivery['channel'];
  notice: Delivery['notice'];
}

const toRule = (row: RuleRow): AlertRule => ruleFromColumns(row, { params: row.params, channels: row.channels, createdAt: row.created_at, firing: row.firing });

const toEvent = (row: EventRow): AlertEvent => eventFromColumns(row, { firedAt: row.fired_at, resolvedAt: row.resolved_at });

/** The alert tables of the PostgreSQL store; several processes may call these at once. */
export function postgresAlerts(pool: Pool): AlertStore {
  return {
    createAlertRule: (rule, maxRules) =>
      inTransaction(pool, async (client) => {
        // NO KEY UPDATE serialises rule creation per resource (for the plan limit) without
        // waiting for drain commits, which hold KEY SHARE on the same row.
        const resource = await client.query('SELECT 1 FROM resources WHERE seq = $1 AND deleted_at IS NULL FOR NO KEY UPDATE', [rule.resourceSeq]);
        if (resource.rowCount === 0) return false;
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::integer AS n FROM alert_rules WHERE resource = $1', [rule.resourceSeq]);
        if ((rows[0]?.n ?? 0) >= maxRules) return false;
        await client.query('INSERT INTO alert_rules (id, resource, params, channels, created_at) VALUES ($1, $2, $3, $4, $5)', [
          rule.id,
          rule.resourceSeq,
          JSON.stringify(rule.params),
          JSON.stringify(rule.channels),
          rule.createdAt,
        ]);
        return true;
      }),
    async listAlertRules(resourceSeq) {
      const { rows } =
        resourceSeq === undefined
          ? await pool.query<RuleRow>(
              `SELECT a.* FROM alert_rules a JOIN resources r ON r.seq = a.resource AND r.deleted_at IS NULL
               ORDER BY a.resource, a.created_at, a.id`,
            )
          : await pool.query<RuleRow>('SELECT * FROM alert_rules WHERE resource = $1 ORDER BY created_at, id', [resourceSeq]);
      return rows.map(toRule);
    },
    deleteAlertRule: (resourceSeq, ruleId) =>
      inTransaction(pool, async (client) => {
        const deleted = await client.query('DELETE FROM alert_rules WHERE id = $1 AND resource = $2', [ruleId, resourceSeq]);
        if (deleted.rowCount === 0) return false;
        await client.query('DELETE FROM alert_deliveries WHERE rule = $1 AND next_attempt_at IS NOT NULL', [ruleId]);
        return true;
      }),
    async listAlertEvents(resourceSeq, limit) {
      const { rows } = await pool.query<EventRow>('SELECT * FROM alert_events WHERE resource = $1 ORDER BY fired_at DESC, id LIMIT $2', [
        resourceSeq,
        limit,
      ]);
      return rows.map(toEvent);
    },
    commitAlertEvaluation: (evaluation) =>
      inTransaction(pool, async (client) => {
        // The job_runs row is the lease: a second process evaluating the same minute waits on this
        // row lock, then finds the minute taken and writes nothing.
        const claimed = await client.query(
          `INSERT INTO job_runs (job, last_minute) VALUES ('alerts', $1)
           ON CONFLICT (job) DO UPDATE SET last_minute = excluded.last_minute WHERE job_runs.last_minute < excluded.last_minute
           RETURNING last_minute`,
          [evaluation.minute],
        );
        if (claimed.rowCount === 0) return false;
        for (const { ruleId, state } of evaluation.states) {
          await client.query('UPDATE alert_rules SET firing = $2, clear_streak = $3, event_id = $4 WHERE id = $1', [
            ruleId,
            state.firing,
            state.clearStreak,
            state.eventId,
          ]);
        }
        for (const e of evaluation.fired) {
          await client.query(
            `INSERT INTO alert_events (id, rule, resource, fired_at, fired_value)
             SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = $2)`,
            [e.id, e.ruleId, e.resourceSeq, e.firedAt, e.firedValue],
          );
        }
        for (const r of evaluation.resolved) {
          await client.query('UPDATE alert_events SET resolved_at = $2, resolved_value = $3 WHERE id = $1', [r.eventId, r.resolvedAt, r.resolvedValue]);
        }
        for (const d of evaluation.deliveries) {
          await client.query(
            `INSERT INTO alert_deliveries (resource, rule, event, channel, notice, next_attempt_at)
             SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = $2)`,
            [d.resourceSeq, d.ruleId, d.eventId, JSON.stringify(d.channel), JSON.stringify(d.notice), evaluation.dueAt],
          );
        }
        return true;
      }),
    async claimAlertDeliveries(nowMs, leaseMs, limit) {
      const { rows } = await pool.query<DeliveryRow>(
        `UPDATE alert_deliveries SET next_attempt_at = $2, attempts = attempts + 1
         WHERE id IN (SELECT id FROM alert_deliveries WHERE next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, resource, rule, event, channel, notice, attempts`,
        [nowMs, nowMs + leaseMs, limit],
      );
      return rows
        .map((row) => deliveryFromColumns(row, { id: Number(row.id), channel: row.channel, notice: row.notice }))
        .sort((a, b) => a.id - b.id);
    },
    async finishAlertDelivery(id, result) {
      if (result.delivered) {
        await pool.query('UPDATE alert_deliveries SET next_attempt_at = NULL, delivered_at = $2, last_error = NULL WHERE id = $1', [id, result.at]);
      } else {
        await pool.query('UPDATE alert_deliveries SET next_attempt_at = $2, last_error = $3 WHERE id = $1', [id, result.retryAt, result.error]);
      }
    },
  };
}

export const ALERT_TABLES = ['alert_rules', 'alert_events', 'alert_deliveries'] as const;
