/** The alerts API's JSON (server/openapi.yaml, `/alerts`), as the plugin reads it. */

export const ALERT_KINDS = ['error_rate', 'router_error', 'traffic_anomaly', 'lost_lines'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertChannel = { type: 'webhook'; url: string } | { type: 'email'; to: string[] } | { type: 'app_log' };

export interface AlertRule {
  id: string;
  kind: AlertKind;
  window_minutes: number;
  threshold_percent?: number;
  min_requests?: number;
  code?: string;
  threshold_count?: number;
  direction?: 'below' | 'above';
  min_baseline_requests?: number;
  channels: AlertChannel[];
  description: string;
  state: 'ok' | 'firing';
  created_at: string;
  webhook_secret?: string;
}

export interface AlertEvent {
  rule_id: string;
  fired_at: string;
  fired_value: number;
  resolved_at: string | null;
  resolved_value: number | null;
}

export interface AlertsList {
  limit: number;
  rules: AlertRule[];
  history: AlertEvent[];
}
