import type { ParsedBody } from '../parse/drain-body.js';
import type { IngestBatch, IngestOutcome } from '../model/counts.js';
import type { Resource } from '../model/resource.js';
import type { CountStore } from '../store/store.js';
import { batchDeltas } from './batch-deltas.js';
import { createGroupCommitter } from './group-commit.js';
import type { GroupCommitOptions, GroupCommitter } from './group-commit.js';
import { createPathCap, DEFAULT_PATH_CAP, HOUR_PATH_CAP } from './path-cap.js';

/** Turns a parsed drain body into one batch of counts and commits it (group commit). */
export interface Ingestor {
  /** Resolves once the batch is durable (or was a duplicate frame); rejects when the commit failed. */
  ingest(resource: Resource, parsed: ParsedBody, frameId: string | null): Promise<IngestOutcome>;
  /** Commits everything pending and stops taking batches. */
  close(): Promise<void>;
  /** Batches waiting for a commit. */
  queued(): number;
}

export interface IngestorOptions extends GroupCommitOptions {
  pathCap?: number;
}

export function buildBatch(resource: Resource, parsed: ParsedBody, frameId: string | null, deltas: IngestBatch['deltas']): IngestBatch {
  let lostLines = 0;
  for (const lost of parsed.lost) lostLines += lost.count;
  return {
    resourceSeq: resource.seq,
    frameId,
    deltas,
    totals: { requests: parsed.requests.length, lostLines, parseErrors: parsed.parseErrors },
  };
}

const isEmpty = (batch: IngestBatch): boolean =>
  batch.deltas.length === 0 && batch.totals.requests === 0 && batch.totals.lostLines === 0 && batch.totals.parseErrors === 0;

export function createIngestor(store: CountStore, { pathCap = DEFAULT_PATH_CAP, ...commitOptions }: IngestorOptions = {}): Ingestor {
  const cap = createPathCap(store, { day: pathCap, hour: Math.min(pathCap, HOUR_PATH_CAP) });
  const committer: GroupCommitter = createGroupCommitter(store, commitOptions);
  return {
    async ingest(resource, parsed, frameId) {
      const deltas = await batchDeltas(parsed, {
        zone: resource.options.timezone || 'UTC',
        pathKeysFor: (day, hour) => cap.forHour(resource.seq, day, hour),
      });
      const batch = buildBatch(resource, parsed, frameId, deltas);
      // A batch of app output only counts nothing: no transaction, no frame id to remember.
      if (isEmpty(batch)) return { duplicate: false };
      return committer.submit(batch);
    },
    close: () => committer.close(),
    queued: () => committer.queued(),
  };
}
