import type { AlertEvent, AlertRule, Delivery, NewAlertRule, NewDelivery, RuleState } from '../model/alerts.js';
import type { CountRow, IngestBatch, IngestOutcome, Totals } from '../model/counts.js';
import type { Dimension, Level } from '../model/levels.js';
import type { IngestDay, PlanEvent, ProcessStats, ResourceLifetime } from '../model/operator.js';
import type { PlanName } from '../model/plans.js';
import type { NewResource, Resource } from '../model/resource.js';
import type { PlatformStore } from './platform-store.js';
import type { NewShare, Share } from '../model/share.js';

/**
 * The store is everything Vanity persists, with a SQLite and a PostgreSQL implementation. It is
 * split into the roles its callers use; each caller is typed on the roles it needs, and `Store`
 * (what `openStore` returns) is all of them.
 */

export type CreateResult =
  | { outcome: 'created'; resource: Resource }
  | { outcome: 'exists'; resource: Resource }
  | { outcome: 'deleted' };

export type PlanChangeResult = 'changed' | 'unchanged' | 'not_found';
export type DeleteResult = 'deleted' | 'gone';

/**
 * The store refused the content of the batches it was asked to commit (a value the database
 * cannot hold), as opposed to being unreachable or busy: the same batches would fail the same
 * way again. `code` is the database's own (SQLSTATE, SQLite result code).
 */
export class BatchRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BatchRejectedError';
  }
}

export interface CountQuery {
  resourceSeq: number;
  level: Level;
  /** Inclusive start, unix seconds (bucket start). */
  from: number;
  /** Exclusive end, unix seconds. */
  to: number;
  dims: readonly Dimension[];
}

export interface PruneCutoffs {
  /** Delete minute rows with bucket < minute, hour rows with bucket < hour (unix seconds). */
  minute: number;
  hour: number;
  /** Delete the alerts' minute rows of router error codes with bucket < this (ALERT_MINUTE_DIMENSIONS). */
  alertMinute?: number;
}

export type DeliveryResult = { delivered: true; at: number } | { delivered: false; retryAt: number | null; error: string };

/** Everything one minute's evaluation changes, written at once by the process that claimed the minute. */
export interface AlertEvaluation {
  /** The minute evaluated (unix seconds of its end): each is claimed once across processes. */
  minute: number;
  states: { ruleId: string; state: RuleState }[];
  fired: AlertEvent[];
  resolved: { eventId: string; resolvedAt: Date; resolvedValue: number | null }[];
  deliveries: NewDelivery[];
  /** When the new deliveries are first due (unix ms). */
  dueAt: number;
}

/** Alert rules, their history and their outgoing notifications. */
export interface AlertStore {
  /** Adds the rule unless the resource already has `maxRules`; false at the limit (or resource gone). */
  createAlertRule(rule: NewAlertRule, maxRules: number): Promise<boolean>;
  /** One resource's rules, oldest first; without a resource, every live resource's rules. */
  listAlertRules(resourceSeq?: number): Promise<AlertRule[]>;
  /** False when the resource has no such rule. Its history stays; pending notifications go. */
  deleteAlertRule(resourceSeq: number, ruleId: string): Promise<boolean>;
  /** Newest first. */
  listAlertEvents(resourceSeq: number, limit: number): Promise<AlertEvent[]>;
  /**
   * Writes one minute's evaluation if no process has written that minute (or a later one) yet;
   * false when another process already did, and nothing is written.
   */
  commitAlertEvaluation(evaluation: AlertEvaluation): Promise<boolean>;
  /** Takes up to `limit` due deliveries for `leaseMs` (no other process gets them meanwhile). */
  claimAlertDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<Delivery[]>;
  finishAlertDelivery(id: number, result: DeliveryResult): Promise<void>;
}

/** Add-on resources: provisioning, plan, badge, deprovisioning, lookups. */
export interface ResourceStore {
  /** Idempotent on `id`: a second call returns the first resource and creates nothing. */
  createResource(resource: NewResource): Promise<CreateResult>;
  /** A live resource, or null when unknown or deprovisioned. */
  getResource(id: string): Promise<Resource | null>;
  getResourceByPublicId(publicId: string): Promise<Resource | null>;
  changePlan(id: string, plan: PlanName): Promise<PlanChangeResult>;
  setBadgeEnabled(id: string, enabled: boolean): Promise<void>;
  /** Purges every count, total and frame id of the resource; leaves only a tombstone. */
  deleteResource(id: string): Promise<DeleteResult>;
  listResources(): Promise<Resource[]>;
}

/** Count rows and totals: written by ingestion, read by the queries. */
export interface CountStore {
  /**
   * Commits several batches in one transaction (group commit). A batch whose frame id was
   * already committed for its resource adds nothing. Resolves only once durable.
   */
  commitBatches(batches: readonly IngestBatch[]): Promise<IngestOutcome[]>;
  readCounts(query: CountQuery): Promise<CountRow[]>;
  /** O(1): the running all-time totals. */
  readTotals(resourceSeq: number): Promise<Totals>;
}

/** What the retention job needs besides the resource list. */
export interface MaintenanceStore {
  /** Deletes rows older than the cutoffs for one resource and records the cutoffs. */
  prune(resourceSeq: number, cutoffs: PruneCutoffs): Promise<void>;
  /** Forgets frame ids received before this time (unix seconds). */
  forgetFramesBefore(receivedBefore: number): Promise<void>;
  /**
   * Runs a periodic job (retention) in at most one process at a time: resolves true after
   * running fn, or false at once when another process holds the job (PostgreSQL advisory
   * lock). SQLite has one process, so it always runs fn.
   */
  runExclusive(job: string, fn: () => Promise<void>): Promise<boolean>;
  /**
   * Claims one round of a periodic job across processes (`job_runs`): true, recording
   * `atSeconds` (unix), unless a round was claimed less than `minGapSeconds` before it (false,
   * nothing changes). Processes that each run the job every N seconds and claim with a gap of
   * N / 2 run it about once per N between them, never twice in a row.
   */
  claimJobRound(job: string, atSeconds: number, minGapSeconds: number): Promise<boolean>;
}

/** Shareable read-only links (`share/`). Revoked links are deleted: nothing of them is read again. */
export interface ShareStore {
  createShare(share: NewShare): Promise<void>;
  /** The resource's links, newest first (expired ones included: the owner sees them as expired). */
  listShares(resourceId: string): Promise<Share[]>;
  /** A link by the hash of its secret, or null when there is none (never made, revoked, or its add-on removed). */
  getShareByTokenHash(tokenHash: string): Promise<Share | null>;
  /** Deletes one link of one resource; false when the resource has no such link. */
  revokeShare(resourceId: string, id: string): Promise<boolean>;
}

export interface HealthStore {
  readonly kind: 'sqlite' | 'postgres' | 'memory';
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
}

/**
 * The operator's records (console, review report, self-metrics): plan history, drain traffic per
 * resource and UTC day, and each process's own performance. Never credentials or options.
 */
export interface OperatorStore {
  /** Every resource ever provisioned, deprovisioned ones included, by seq. */
  listResourceLifetimes(): Promise<ResourceLifetime[]>;
  /** Every provision and plan change, oldest first. */
  listPlanEvents(): Promise<PlanEvent[]>;
  /** Adds to the day rows (counters add up; lastBatchAt keeps the latest): several processes may write the same row. */
  addIngestDays(rows: readonly IngestDay[]): Promise<void>;
  /** Day rows with from ≤ day < to (unix seconds). */
  readIngestDays(from: number, to: number): Promise<IngestDay[]>;
  /** Replaces this process's row. */
  saveProcessStats(stats: ProcessStats): Promise<void>;
  /** Processes that reported at or after `seenSince`. */
  readProcessStats(seenSince: Date): Promise<ProcessStats[]>;
}

export interface Store extends ResourceStore, CountStore, MaintenanceStore, HealthStore, AlertStore, PlatformStore, OperatorStore, ShareStore {
  close(): Promise<void>;
}
