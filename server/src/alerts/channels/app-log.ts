import type { Resource } from '../../model/resource.js';
import type { AlertNotice } from '../../model/alerts.js';

export type AppLogFields = Record<string, string | number | boolean>;

/**
 * Writes one l2met line (`source=vanity` is put first by the writer) into the app's own log
 * stream; rejects when it could not. `frameId` is the same on every retry of one notification.
 */
export type AppLogWriter = (resource: Resource, fields: AppLogFields, frameId: string) => Promise<void>;

/** `alert=<rule id> state=firing kind=error_rate value=42.5 rule="…"` after `source=vanity`. */
export function appLogFields(notice: AlertNotice): AppLogFields {
  return {
    alert: notice.rule_id,
    state: notice.state,
    kind: notice.kind,
    value: notice.value === null ? 'none' : notice.value,
    rule: notice.rule,
    fired_at: notice.fired_at,
    ...(notice.resolved_at ? { resolved_at: notice.resolved_at } : {}),
  };
}
