import type { Logger } from '../log/logger.js';
import type { IngestBatch, IngestOutcome } from '../model/counts.js';
import { BatchRejectedError } from '../store/store.js';
import type { CountStore } from '../store/store.js';

/**
 * Group commit: batches from concurrent drain POSTs share one store transaction, so one disk
 * sync acknowledges many POSTs. The first batch of a group waits `gatherMs` for company; at
 * most one commit is in flight, and the next starts as soon as it finishes, with everything
 * that queued up meanwhile. Each `submit` resolves only once its batch is durable, and
 * rejects when the store could not be reached (the drain then answers 503 and logplex retries).
 */
export interface GroupCommitter {
  submit(batch: IngestBatch): Promise<IngestOutcome>;
  /** Stops taking batches, commits everything pending and waits for it. */
  close(): Promise<void>;
  /** Batches waiting for the next commit. */
  queued(): number;
}

/**
 * Measured with bench/drain-bench.ts on SQLite: 1 ms beats both 0 (groups of one, one disk
 * sync per POST) and 2 ms (the event loop idles while every client waits). Rechecked once
 * commits moved to the writer thread (`npm run bench -- ingest`, 4 and 16 connections): 1 ms
 * still matched or beat 0; under load a commit is nearly always in flight, so the delay only
 * applies to the first batch after a lull.
 */
export const DEFAULT_GATHER_MS = 1;

interface Pending {
  batch: IngestBatch;
  resolve(outcome: IngestOutcome): void;
  reject(error: unknown): void;
}

export class CommitterClosedError extends Error {
  constructor() {
    super('the server is shutting down');
  }
}

/** Points where a test can hold a commit or learn that batches queued (events, not sleeps). */
export interface CommitHooks {
  /** Runs before each store commit with its batches; the commit waits for it. */
  beforeCommit?(batches: readonly IngestBatch[]): Promise<void> | void;
  /** Runs after a batch was queued, with the number of batches waiting for the next commit. */
  onQueued?(queued: number): void;
}

export interface GroupCommitOptions {
  gatherMs?: number;
  /** Told of every store commit: seconds from start to durable, batches in it, whether it succeeded. */
  onCommit?: (seconds: number, groupSize: number, ok: boolean) => void;
  hooks?: CommitHooks;
  /** Where a refused batch is reported. */
  log?: Logger;
}

const SERIES_DIMENSIONS: ReadonlySet<string> = new Set(['all', 'error', 'lost']);

/**
 * What to store of a batch the store refused, most first: its request series and totals
 * without the breakdowns (whose keys are what a store can refuse), their lines counted as parse
 * errors as well; else only parse errors (its own, its lines and one for the batch). Each keeps the frame id, so Logplex's retry of
 * the same batch is a duplicate.
 */
function fallbacks(batch: IngestBatch): { batch: IngestBatch; storedAs: string }[] {
  const { requests, lostLines, parseErrors } = batch.totals;
  const series = batch.deltas.filter((d) => SERIES_DIMENSIONS.has(d.dim));
  return [
    { batch: { ...batch, deltas: series, totals: { requests, lostLines, parseErrors: parseErrors + requests } }, storedAs: 'without breakdowns' },
    { batch: { ...batch, deltas: [], totals: { requests: 0, lostLines: 0, parseErrors: parseErrors + requests + 1 } }, storedAs: 'as parse errors only' },
  ];
}

/** The store's message without quoted values (they may be the hostile bytes), printable and short. */
function describe(error: BatchRejectedError): string {
  const message = error.message.replace(/"[^"]*"|'[^']*'/g, '"…"').replace(/[^\x20-\x7e]/g, '?');
  return message.length <= 200 ? message : `${message.slice(0, 199)}…`;
}

export function createGroupCommitter(
  store: Pick<CountStore, 'commitBatches'>,
  { gatherMs = DEFAULT_GATHER_MS, hooks = {}, log, onCommit }: GroupCommitOptions = {},
): GroupCommitter {
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  async function commitBatches(batches: readonly IngestBatch[]): Promise<IngestOutcome[]> {
    await hooks.beforeCommit?.(batches);
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const outcomes = await store.commitBatches(batches);
      if (outcomes.length !== batches.length) throw new Error(`store answered ${outcomes.length} outcomes for ${batches.length} batches`);
      onCommit?.(seconds(), batches.length, true);
      return outcomes;
    } catch (error) {
      onCommit?.(seconds(), batches.length, false);
      throw error;
    }
  }

  /**
   * A batch the store refused alone: store the most of it that the store takes. Logplex would
   * retry a 503 a few times with the same bytes and then drop the batch, so answering 503 for a
   * refusal that will repeat forever would only lose the rest of it.
   */
  async function commitRefused(p: Pending, refusal: BatchRejectedError): Promise<void> {
    let reason = refusal;
    for (const { batch, storedAs } of fallbacks(p.batch)) {
      try {
        const [outcome] = await commitBatches([batch]);
        logRefused(p.batch, reason, storedAs);
        p.resolve(outcome as IngestOutcome);
        return;
      } catch (error) {
        if (!(error instanceof BatchRejectedError)) return p.reject(error);
        reason = error;
      }
    }
    logRefused(p.batch, reason, 'not at all');
    p.reject(reason);
  }

  function logRefused(batch: IngestBatch, error: BatchRejectedError, storedAs: string): void {
    log?.error(`the store refused a drain batch; stored it ${storedAs}`, {
      resource_seq: batch.resourceSeq,
      frame_id: batch.frameId ?? '',
      requests: batch.totals.requests,
      code: error.code,
      error: describe(error),
    });
  }

  /**
   * One store transaction for the group. When the store refuses the group's content, one bad
   * batch must not cost the others: each batch is committed on its own, and a batch refused
   * alone is stored as far as it can be. Any other failure (the store is unreachable) rejects
   * the group, and the drain answers 503 so that Logplex retries.
   */
  async function commit(group: Pending[]): Promise<void> {
    try {
      const outcomes = await commitBatches(group.map((p) => p.batch));
      group.forEach((p, i) => p.resolve(outcomes[i] as IngestOutcome));
    } catch (error) {
      if (!(error instanceof BatchRejectedError)) {
        for (const p of group) p.reject(error);
      } else if (group.length === 1) {
        await commitRefused(group[0] as Pending, error);
      } else {
        for (const p of group) await commit([p]);
      }
    }
  }

  function flush(): void {
    timer = undefined;
    if (inFlight || queue.length === 0) return;
    const group = queue;
    queue = [];
    inFlight = commit(group).finally(() => {
      inFlight = undefined;
      flush();
    });
  }

  return {
    submit(batch) {
      if (closed) return Promise.reject(new CommitterClosedError());
      return new Promise<IngestOutcome>((resolve, reject) => {
        queue.push({ batch, resolve, reject });
        if (!inFlight && !timer) timer = setTimeout(flush, gatherMs);
        hooks.onQueued?.(queue.length);
      });
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      flush();
      while (inFlight) await inFlight;
    },
    queued: () => queue.length,
  };
}
