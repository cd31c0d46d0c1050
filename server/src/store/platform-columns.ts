import type { Milestone, MilestonePatch, PlatformPatch, PlatformRecord, Release } from './platform-store.js';

/** Column of each patchable field: the only names either store ever puts into an UPDATE. */
export const PLATFORM_COLUMNS: Record<keyof PlatformPatch, string> = {
  callbackUrl: 'callback_url',
  logInputUrl: 'log_input_url',
  grantCode: 'grant_code',
  grantExpiresAt: 'grant_expires_at',
  tokenState: 'token_state',
  tokenReason: 'token_reason',
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
  tokenExpiresAt: 'token_expires_at',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  webhookState: 'webhook_state',
  webhookId: 'webhook_id',
  webhookReason: 'webhook_reason',
  rotationState: 'rotation_state',
  rotationReason: 'rotation_reason',
  rotatedAt: 'rotated_at',
  updatedAt: 'updated_at',
};

export const MILESTONE_COLUMNS: Record<keyof MilestonePatch, string> = {
  delivery: 'delivery',
  deliveryReason: 'delivery_reason',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  claimedAt: 'claimed_at',
  deliveredAt: 'delivered_at',
};

/** `[column, value]` pairs of the fields a patch sets, in a fixed order. */
export function patchColumns<P extends object>(patch: P, columns: Record<keyof P, string>): Array<[string, unknown]> {
  return (Object.keys(columns) as Array<keyof P>).filter((field) => patch[field] !== undefined).map((field) => [columns[field], patch[field]]);
}

/** The tables holding a resource's Heroku-facing data, purged at deprovision. */
export const PLATFORM_TABLES = ['platform', 'milestones', 'releases', 'webhook_events'] as const;

export interface PlatformRow {
  resource: number;
  id: string;
  callback_url: string | null;
  log_input_url: string | null;
  grant_code: string | null;
  grant_expires_at: number | null;
  token_state: string;
  token_reason: string | null;
  access_token: string | null;
  refresh_token: string | null;
  token_expires_at: number | null;
  attempts: number;
  next_attempt_at: number;
  webhook_state: string;
  webhook_id: string | null;
  webhook_reason: string | null;
  rotation_state: string;
  rotation_reason: string | null;
  rotated_at: number | null;
  updated_at: number;
}

export const SELECT_PLATFORM = `SELECT p.*, r.id FROM platform p JOIN resources r ON r.seq = p.resource WHERE r.deleted_at IS NULL`;

export function platformFromRow(row: PlatformRow): PlatformRecord {
  return {
    resourceSeq: row.resource,
    resourceId: row.id,
    callbackUrl: row.callback_url,
    logInputUrl: row.log_input_url,
    grantCode: row.grant_code,
    grantExpiresAt: row.grant_expires_at,
    tokenState: row.token_state as PlatformRecord['tokenState'],
    tokenReason: row.token_reason,
    accessToken: row.access_token,
    refreshToken: row.refresh_token,
    tokenExpiresAt: row.token_expires_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    webhookState: row.webhook_state as PlatformRecord['webhookState'],
    webhookId: row.webhook_id,
    webhookReason: row.webhook_reason,
    rotationState: row.rotation_state as PlatformRecord['rotationState'],
    rotationReason: row.rotation_reason,
    rotatedAt: row.rotated_at,
    updatedAt: row.updated_at,
  };
}

export interface MilestoneRow {
  resource: number;
  value: number;
  reached_at: number;
  recorded_at: number;
  delivery: string;
  delivery_reason: string | null;
  attempts: number;
  next_attempt_at: number;
  claimed_at: number | null;
  delivered_at: number | null;
}

export function milestoneFromRow(row: MilestoneRow): Milestone {
  return {
    resourceSeq: row.resource,
    value: row.value,
    reachedAt: row.reached_at,
    recordedAt: row.recorded_at,
    delivery: row.delivery as Milestone['delivery'],
    deliveryReason: row.delivery_reason,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    claimedAt: row.claimed_at,
    deliveredAt: row.delivered_at,
  };
}

export interface ReleaseRow {
  version: number;
  event_id: string;
  description: string;
  status: string;
  released_at: number;
}

export function releaseFromRow(row: ReleaseRow): Release {
  return { version: row.version, eventId: row.event_id, description: row.description, status: row.status, releasedAt: row.released_at };
}
