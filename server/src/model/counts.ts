import type { Dimension, Level } from './levels.js';

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

/** One stored count row as read back: a bucket's count for one dimension key. */
export interface CountRow {
  bucket: number;
  dim: Dimension;
  key: string;
  n: number;
}
