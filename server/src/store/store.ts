import type { PlanName } from '../plans.js';
import type { KeySet, PlatformStore } from './platform-store.js';

/**
 * The store is everything Vanity persists, behind one interface with a SQLite and a
 * PostgreSQL implementation. Routes and jobs only ever talk to this interface.
 */

/** Aggregation levels, finest first. Every request is counted at all three at ingest time. */
export type Level = 'minute' | 'hour' | 'day';
export const LEVELS: readonly Level[] = ['minute', 'hour', 'day'];

/**
 * What a count row breaks requests down by. `all` and `error` have the empty key;
 * `service` keys are service-time histogram bins; `lost` counts L10-dropped lines.
 */
export type Dimension = 'all' | 'error' | 'status' | 'method' | 'path' | 'dyno' | 'code' | 'service' | 'lost';
export const DIMENSIONS: readonly Dimension[] = ['all', 'error', 'status', 'method', 'path', 'dyno', 'code', 'service', 'lost'];

export interface ResourceOptions {
  /** IANA zone: day buckets start at this zone's midnight; default zone of API queries. */
  timezone: string;
}

export interface Resource {
  /** Heroku's uuid for the add-on resource, also our provider id. */
  id: string;
  /** Compact internal number used as the key of count rows. */
  seq: number;
  name: string | null;
  plan: PlanName;
  region: string;
  options: ResourceOptions;
  /** Logplex drain token (`d.<uuid>`) from provision, if Heroku sent one. */
  logDrainToken: string | null;
  /** Random per-resource salt from which the API and drain credentials are derived. */
  keySalt: string;
  apiKeyHash: string;
  drainKeyHash: string;
  /** Public, unguessable id for the counter badge URL. */
  publicId: string;
  badgeEnabled: boolean;
  createdAt: Date;
  /** Minute/hour rows older than these are gone (pruned), whatever the plan says now. */
  prunedBefore: { minute: number; hour: number };
  /** During a credential rotation's overlap: the keys before it, valid until `expiresAt` (unix s). */
  previousKeys: (KeySet & { expiresAt: number }) | null;
}

export type NewResource = Omit<Resource, 'seq' | 'createdAt' | 'prunedBefore' | 'previousKeys'>;

export type CreateResult =
  | { outcome: 'created'; resource: Resource }
  | { outcome: 'exists'; resource: Resource }
  | { outcome: 'deleted' };

export type PlanChangeResult = 'changed' | 'unchanged' | 'not_found';
export type DeleteResult = 'deleted' | 'gone';

export interface Totals {
  /** All-time router lines counted. */
  requests: number;
  /** All-time lines Logplex reported dropped (L10). */
  lostLines: number;
  /** All-time frames we could not parse. */
  parseErrors: number;
}

/** One increment of one count row. `bucket` is the bucket's start in unix seconds. */
export interface CountDelta {
  level: Level;
  bucket: number;
  dim: Dimension;
  key: string;
  n: number;
}

/** Everything one drain POST contributes, committed atomically or not at all. */
export interface IngestBatch {
  resourceSeq: number;
  /** Logplex-Frame-Id; null when Heroku sent none (Private Spaces), which disables de-duplication. */
  frameId: string | null;
  deltas: CountDelta[];
  totals: Totals;
}

export interface IngestOutcome {
  /** True when this frame id was already committed: nothing was counted again. */
  duplicate: boolean;
}

export interface CountRow {
  bucket: number;
  dim: Dimension;
  key: string;
  n: number;
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
}

export interface Store extends PlatformStore {
  readonly kind: 'sqlite' | 'postgres';

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

  /**
   * Commits several batches in one transaction (group commit). A batch whose frame id was
   * already committed for its resource adds nothing. Resolves only once durable.
   */
  commitBatches(batches: readonly IngestBatch[]): Promise<IngestOutcome[]>;
  /** Distinct path keys already stored for a resource's day bucket (for the path cap). */
  pathKeysForDay(resourceSeq: number, dayBucket: number): Promise<string[]>;

  readCounts(query: CountQuery): Promise<CountRow[]>;
  /** O(1): the running all-time totals. */
  readTotals(resourceSeq: number): Promise<Totals>;

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

  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
