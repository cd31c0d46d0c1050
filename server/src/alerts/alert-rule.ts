import { HttpError } from '../http/json.js';
import { CHANNEL_TYPES, RULE_KINDS } from '../model/alerts.js';
import type { Channel, RuleKind, RuleParams } from '../model/alerts.js';

/**
 * Alert rules: what a user asks to be told about, as stored and as the API shows it. The
 * parser below is the one place a rule from the API or the dashboard form is checked.
 */

export const MAX_WINDOW_MINUTES = 60;
export const MAX_CHANNELS = 5;
export const MAX_EMAIL_RECIPIENTS = 5;

/** The fields each kind takes besides kind, window_minutes and channels. */
export const RULE_FIELDS: Record<RuleKind, readonly string[]> = {
  error_rate: ['threshold_percent', 'min_requests'],
  router_error: ['code', 'threshold_count'],
  traffic_anomaly: ['direction', 'threshold_percent', 'min_baseline_requests'],
  lost_lines: ['threshold_count'],
};

const DEFAULT_WINDOW_MINUTES = 5;

function invalid(message: string): never {
  throw new HttpError(422, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form fields arrive as strings; JSON may carry numbers. Both are read the same way. */
function numberField(body: Record<string, unknown>, name: string, fallback?: number): number {
  const raw = body[name];
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    return invalid(`${name}: required`);
  }
  const value = typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) return invalid(`${name}: must be a number`);
  return value;
}

function integerField(body: Record<string, unknown>, name: string, min: number, max: number, fallback?: number): number {
  const value = numberField(body, name, fallback);
  if (!Number.isInteger(value) || value < min || value > max) invalid(`${name}: must be a whole number from ${min} to ${max}`);
  return value;
}

function percentField(body: Record<string, unknown>, name: string, max: number): number {
  const value = numberField(body, name);
  if (value <= 0 || value > max) invalid(`${name}: must be above 0 and at most ${max}`);
  return value;
}

// What HTML's <input type=email> accepts: no spaces, one @, a dot-free or dotted domain.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function parseChannel(raw: unknown, field: string, options: ChannelOptions): Channel {
  if (!isRecord(raw)) return invalid(`${field}: must be an object with a type`);
  const type = raw.type;
  if (type === 'app_log') return { type };
  if (type === 'webhook') {
    const url = raw.url;
    if (typeof url !== 'string' || url === '') return invalid(`${field}.url: required for a webhook`);
    const problem = options.checkWebhookUrl(url);
    if (problem) invalid(`${field}.url: ${problem}`);
    return { type, url };
  }
  if (type === 'email') {
    if (!options.emailEnabled) invalid(`${field}.type: e-mail is not set up on this server (SMTP_URL); use a webhook or app_log`);
    const to = typeof raw.to === 'string' ? [raw.to] : raw.to;
    if (!Array.isArray(to) || to.length === 0) return invalid(`${field}.to: one or more e-mail addresses`);
    if (to.length > MAX_EMAIL_RECIPIENTS) invalid(`${field}.to: at most ${MAX_EMAIL_RECIPIENTS} addresses`);
    to.forEach((address: unknown, i) => {
      if (typeof address !== 'string' || address.length > 254 || !EMAIL.test(address)) invalid(`${field}.to[${i}]: not an e-mail address`);
    });
    return { type, to: to as string[] };
  }
  return invalid(`${field}.type: must be one of ${CHANNEL_TYPES.join(', ')}`);
}

export interface ChannelOptions {
  /** Whether SMTP_URL is set. */
  emailEnabled: boolean;
  /** A reason the webhook URL is refused, or undefined when it may be used. */
  checkWebhookUrl(url: string): string | undefined;
}

function parseChannels(raw: unknown, options: ChannelOptions): Channel[] {
  if (!Array.isArray(raw) || raw.length === 0) return invalid('channels: one or more channels, e.g. [{"type": "webhook", "url": "https://…"}]');
  if (raw.length > MAX_CHANNELS) invalid(`channels: at most ${MAX_CHANNELS}`);
  return raw.map((channel, i) => parseChannel(channel, `channels[${i}]`, options));
}

function parseParams(body: Record<string, unknown>): RuleParams {
  const kind = body.kind;
  if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind)) {
    return invalid(`kind: must be one of ${RULE_KINDS.join(', ')}`);
  }
  const allowed = new Set(['kind', 'window_minutes', 'channels', ...RULE_FIELDS[kind as RuleKind]]);
  const unknown = Object.keys(body).find((name) => !allowed.has(name));
  if (unknown !== undefined) invalid(`${unknown}: not a field of a ${kind} rule (fields: ${[...allowed].join(', ')})`);
  const window_minutes = integerField(body, 'window_minutes', 1, MAX_WINDOW_MINUTES, DEFAULT_WINDOW_MINUTES);
  switch (kind as RuleKind) {
    case 'error_rate':
      return {
        kind: 'error_rate',
        window_minutes,
        threshold_percent: percentField(body, 'threshold_percent', 100),
        min_requests: integerField(body, 'min_requests', 0, 1_000_000, 20),
      };
    case 'router_error': {
      const code = typeof body.code === 'string' ? body.code.trim().toUpperCase() : body.code;
      if (typeof code !== 'string' || !/^[A-Z]\d{1,3}$/.test(code)) invalid('code: a Heroku router error code such as H12');
      return { kind: 'router_error', window_minutes, code: code as string, threshold_count: integerField(body, 'threshold_count', 1, 1_000_000_000, 1) };
    }
    case 'traffic_anomaly': {
      const direction = body.direction ?? 'below';
      if (direction !== 'below' && direction !== 'above') return invalid('direction: must be below or above');
      const threshold_percent = numberField(body, 'threshold_percent');
      if (direction === 'below' && (threshold_percent <= 0 || threshold_percent >= 100)) {
        invalid('threshold_percent: for direction below, a percentage of last week\'s traffic above 0 and below 100');
      }
      if (direction === 'above' && (threshold_percent <= 100 || threshold_percent > 100_000)) {
        invalid('threshold_percent: for direction above, a percentage of last week\'s traffic above 100 (e.g. 300)');
      }
      return {
        kind: 'traffic_anomaly',
        window_minutes,
        direction,
        threshold_percent,
        min_baseline_requests: integerField(body, 'min_baseline_requests', 1, 1_000_000_000, 10),
      };
    }
    case 'lost_lines':
      return { kind: 'lost_lines', window_minutes, threshold_count: integerField(body, 'threshold_count', 1, 1_000_000_000, 1) };
  }
}

/** A rule from an API body (JSON) or the dashboard form; throws 400/422 naming the field. */
export function parseRule(body: unknown, options: ChannelOptions): { params: RuleParams; channels: Channel[] } {
  if (!isRecord(body)) throw new HttpError(400, 'body: must be a JSON object describing the rule, e.g. {"kind": "error_rate", …}');
  const params = parseParams(body);
  return { params, channels: parseChannels(body.channels, options) };
}

/** One line a person can read: what the rule watches. */
export function describeRule(params: RuleParams): string {
  const window = `${params.window_minutes} min`;
  switch (params.kind) {
    case 'error_rate':
      return `error rate ≥ ${params.threshold_percent} % over ${window} (at least ${params.min_requests} requests)`;
    case 'router_error':
      return `${params.code} ≥ ${params.threshold_count} in ${window}`;
    case 'traffic_anomaly':
      return `requests over ${window} ${params.direction === 'below' ? '<' : '>'} ${params.threshold_percent} % of the same minutes a week earlier`;
    case 'lost_lines':
      return `lost log lines (L10) ≥ ${params.threshold_count} in ${window}`;
  }
}
