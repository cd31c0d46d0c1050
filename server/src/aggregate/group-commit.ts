import type { IngestBatch, IngestOutcome } from '../model/counts.js';
import type { CountStore } from '../store/store.js';

/**
 * Group commit: batches from concurrent drain POSTs share one store transaction, so one disk
 * sync acknowledges many POSTs. The first batch of a group waits `gatherMs` for company; at
 * most one commit is in flight, and the next starts as soon as it finishes, with everything
 * that queued up meanwhile. Each `submit` resolves only once its batch is durable, and
 * rejects when its group's commit fails (the drain then answers 503 and logplex retries).
 */
export interface GroupCommitter {
  submit(batch: IngestBatch): Promise<IngestOutcome>;
  /** Stops taking batches, commits everything pending and waits for it. */
  close(): Promise<void>;
  /** Batches waiting for the next commit. */
  queued(): number;
}

export interface GroupCommitOptions {
  gatherMs?: number;
  /** Told of every commit: seconds from start to durable, batches in it, whether it succeeded. */
  onCommit?: (seconds: number, groupSize: number, ok: boolean) => void;
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

export function createGroupCommitter(
  store: Pick<CountStore, 'commitBatches'>,
  { gatherMs = DEFAULT_GATHER_MS, onCommit }: GroupCommitOptions = {},
): GroupCommitter {
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  async function commit(group: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const outcomes = await store.commitBatches(group.map((p) => p.batch));
      if (outcomes.length !== group.length) throw new Error(`store answered ${outcomes.length} outcomes for ${group.length} batches`);
      onCommit?.(seconds(), group.length, true);
      group.forEach((p, i) => p.resolve(outcomes[i] as IngestOutcome));
    } catch (error) {
      onCommit?.(seconds(), group.length, false);
      for (const p of group) p.reject(error);
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
