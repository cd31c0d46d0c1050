/**
 * What Vanity keeps about its conversation with Heroku (server/src/platform): the OAuth token of
 * each resource (encrypted by the caller: the store sees only ciphertext), the app's log input,
 * milestones and their delivery, releases from add-on webhooks, and credential rotation.
 * Times are unix seconds.
 */

import type { KeySet } from '../model/resource.js';

export type { KeySet };

export type TokenState = 'none' | 'pending' | 'ok' | 'failed';
export type WebhookState = 'none' | 'subscribed' | 'failed';
export type RotationState = 'none' | 'ok' | 'rolled_back';

export interface PlatformRecord {
  resourceSeq: number;
  resourceId: string;
  /** `callback_url` from provision: the Platform API's URL of this add-on. */
  callbackUrl: string | null;
  /** Encrypted `log_input_url` (it carries the app's log-input token). */
  logInputUrl: string | null;
  /** Encrypted `oauth_grant.code`, until exchanged or expired. */
  grantCode: string | null;
  grantExpiresAt: number | null;
  tokenState: TokenState;
  /** Why the token is pending or failed, for the operator; never contains a secret. */
  tokenReason: string | null;
  /** Encrypted. */
  accessToken: string | null;
  /** Encrypted. */
  refreshToken: string | null;
  tokenExpiresAt: number | null;
  /** Failed exchange attempts so far, for the backoff. */
  attempts: number;
  nextAttemptAt: number;
  webhookState: WebhookState;
  webhookId: string | null;
  webhookReason: string | null;
  rotationState: RotationState;
  rotationReason: string | null;
  rotatedAt: number | null;
  updatedAt: number;
}

export type PlatformPatch = Partial<Omit<PlatformRecord, 'resourceSeq' | 'resourceId'>>;

export type NewPlatformLinks = Pick<PlatformRecord, 'callbackUrl' | 'logInputUrl' | 'grantCode' | 'grantExpiresAt' | 'tokenState' | 'tokenReason' | 'updatedAt'>;

export type MilestoneDelivery = 'pending' | 'sending' | 'sent' | 'no_log_input' | 'failed';

export interface Milestone {
  resourceSeq: number;
  /** 1000, 10000, … */
  value: number;
  /** Start of the minute the all-time total reached `value`. */
  reachedAt: number;
  recordedAt: number;
  delivery: MilestoneDelivery;
  deliveryReason: string | null;
  attempts: number;
  nextAttemptAt: number;
  claimedAt: number | null;
  deliveredAt: number | null;
}

export type MilestonePatch = Partial<Pick<Milestone, 'delivery' | 'deliveryReason' | 'attempts' | 'nextAttemptAt' | 'claimedAt' | 'deliveredAt'>>;

export interface Release {
  version: number;
  eventId: string;
  description: string;
  status: string;
  releasedAt: number;
}


export interface PlatformStore {
  /** At provision. Idempotent: a retried provision keeps the first row, and its token. */
  initPlatform(resourceSeq: number, links: NewPlatformLinks): Promise<void>;
  /** The Heroku-facing state of a live resource; null when it has none. */
  getPlatform(resourceSeq: number): Promise<PlatformRecord | null>;
  /** Every live resource's Heroku-facing state (for the jobs and the operator). */
  listPlatform(): Promise<PlatformRecord[]>;
  updatePlatform(resourceSeq: number, patch: PlatformPatch): Promise<void>;

  /** Records a milestone once; false when it was already recorded (by any process). */
  recordMilestone(milestone: Milestone): Promise<boolean>;
  listMilestones(resourceSeq: number): Promise<Milestone[]>;
  /**
   * Atomically marks every due `pending` milestone (and every `sending` one claimed before
   * `staleBefore`, whose sender died) as `sending` at `now`, and returns them: two processes
   * never claim the same milestone.
   */
  claimMilestones(now: number, staleBefore: number): Promise<Milestone[]>;
  updateMilestone(resourceSeq: number, value: number, patch: MilestonePatch): Promise<void>;

  /** Stores a release from a webhook event; `duplicate` when the event id was seen before. */
  recordRelease(resourceSeq: number, release: Release, receivedAt: number): Promise<'recorded' | 'duplicate'>;
  /** Releases with `from <= releasedAt < to`, oldest first. */
  listReleases(resourceSeq: number, from: number, to: number): Promise<Release[]>;

  /**
   * Makes `next` the resource's current keys and keeps the current ones as previous keys that
   * still authenticate until `previousExpireAt`. False when the resource is not live.
   */
  beginRotation(resourceId: string, next: KeySet, previousExpireAt: number): Promise<boolean>;
  /** Undoes `beginRotation`: the previous keys become the only keys again. */
  rollbackRotation(resourceId: string): Promise<void>;
  /** Drops previous keys whose overlap ended before `now`. */
  forgetExpiredKeys(now: number): Promise<void>;
}
