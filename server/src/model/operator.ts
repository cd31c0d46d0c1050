import type { PlanName } from './plans.js';

/** The operator's facts about the fleet: what the console and the review report are computed from. */

/** A resource's life as the operator sees it: never its credentials or options. */
export interface ResourceLifetime {
  seq: number;
  id: string;
  /** The plan it has now, or had when it was deprovisioned (its last plan event). */
  plan: PlanName;
  region: string;
  createdAt: Date;
  deletedAt: Date | null;
}

/** A resource started on a plan (provision) or moved to one (plan change) at a time, in its region. */
export interface PlanEvent {
  resourceSeq: number;
  plan: PlanName;
  region: string;
  at: Date;
}

/** Drain traffic of one resource on one UTC day, as the processes that took it recorded it. */
export interface IngestDay {
  /** Unix seconds of the UTC day's midnight. */
  day: number;
  resourceSeq: number;
  /** Drain POSTs answered 2xx. */
  batches: number;
  /** Of those, batches whose Frame-Id was already counted: Logplex's retries, counted once. */
  duplicates: number;
  /** Drain POSTs answered 4xx or 5xx after authentication (Logplex retries or drops them). */
  refused: number;
  /** Of those, answered 5xx (the store failed). */
  serverErrors: number;
  /** Router lines counted. */
  lines: number;
  lostLines: number;
  parseErrors: number;
  /** Unix seconds of the last accepted batch that day, 0 if none. */
  lastBatchAt: number;
}

/** One server process's own performance, as it last reported it. */
export interface ProcessStats {
  /** Unique per process start: dyno name (or host) and pid. */
  processId: string;
  startedAt: Date;
  seenAt: Date;
  commitP50Ms: number | null;
  commitP99Ms: number | null;
  /** Batches per commit, mean over the last five minutes (so are the commit percentiles). */
  groupSizeMean: number | null;
  /** Batches waiting for a commit when the stats were taken. */
  queueDepth: number;
  eventLoopLagP99Ms: number | null;
  /** Drain POSTs answered 5xx since the process started. */
  drain5xx: number;
}
