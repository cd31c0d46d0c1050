import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestDay, ProcessStats } from '../model/operator.js';

/** What one authenticated drain POST came to, for the operator's counters. */
export interface DrainBatchOutcome {
  resourceSeq: number;
  /** The status answered: 2xx accepted, anything else refused. */
  status: number;
  /** Accepted, but its Frame-Id was already counted: nothing was counted again. */
  duplicate: boolean;
  lines: number;
  lostLines: number;
  parseErrors: number;
}

export type DeliveryChannel = 'alert' | 'log_input';

/**
 * The server's own metrics (l2met's idea: the pipeline measures itself). One instance per
 * server: a Prometheus registry for `/metrics`, plus the per-resource day rows and the
 * interval figures that `ops-flush.ts` writes to the store and prints as an l2met line.
 */
export interface SelfMetrics {
  readonly registry: Registry;
  drainBatch(outcome: DrainBatchOutcome, at?: Date): void;
  commit(seconds: number, groupSize: number, ok: boolean): void;
  httpAnswer(route: string, status: number): void;
  storeError(operation: string): void;
  delivery(channel: DeliveryChannel, ok: boolean): void;
  /** How many batches wait for a commit; read at each scrape and flush. */
  watchQueueDepth(read: () => number): void;
  /** The day rows and process figures since the last call, and resets the interval. */
  takeInterval(): Interval;
  /** Adds day rows back (a flush that could not write them), so the next flush writes them. */
  putBack(days: readonly IngestDay[]): void;
  stop(): void;
}

export interface Interval {
  days: IngestDay[];
  stats: Omit<ProcessStats, 'processId' | 'startedAt' | 'seenAt'>;
  /** Totals over the interval, for the l2met line. */
  lines: number;
  batches: number;
  refused: number;
  lostLines: number;
  parseErrors: number;
}

const DAY_SECONDS = 86_400;
/** Commit figures cover the last five minutes, so a quiet interval still shows recent ones. */
const COMMIT_WINDOW_MS = 5 * 60_000;
/** Enough commits for a p99 over the window under heavy traffic, bounded in memory. */
const MAX_SAMPLES = 20_000;

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms * 1000) / 1000);

/** `worker`: a cluster worker's number, a label on every series (a scrape reaches whichever worker accepts it). */
export function createSelfMetrics({ worker }: { worker?: number } = {}): SelfMetrics {
  const registry = new Registry();
  if (worker !== undefined) registry.setDefaultLabels({ worker: String(worker) });
  collectDefaultMetrics({ register: registry, prefix: 'vanity_process_' });
  let readQueueDepth = () => 0;

  const batches = new Counter({ name: 'vanity_drain_batches_total', help: 'Authenticated drain POSTs by outcome', labelNames: ['outcome'], registers: [registry] });
  const lines = new Counter({ name: 'vanity_router_lines_total', help: 'Router lines counted', registers: [registry] });
  const lost = new Counter({ name: 'vanity_lost_lines_total', help: 'Log lines Logplex reported dropped (L10)', registers: [registry] });
  const parseErrors = new Counter({ name: 'vanity_parse_errors_total', help: 'Frames that could not be parsed', registers: [registry] });
  const commitSeconds = new Histogram({
    name: 'vanity_commit_seconds',
    help: 'Durable group commits: time from start to durable',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const groupSize = new Histogram({ name: 'vanity_commit_group_size', help: 'Drain batches per group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers: [registry] });
  const http = new Counter({ name: 'vanity_http_responses_total', help: 'HTTP answers by route and status', labelNames: ['route', 'status'], registers: [registry] });
  const storeErrors = new Counter({ name: 'vanity_store_errors_total', help: 'Store operations that failed', labelNames: ['operation'], registers: [registry] });
  const deliveries = new Counter({ name: 'vanity_deliveries_total', help: 'Alert and log-input deliveries by outcome', labelNames: ['channel', 'outcome'], registers: [registry] });
  new Gauge({
    name: 'vanity_commit_queue_depth',
    help: 'Drain batches waiting for a commit',
    registers: [registry],
    collect() {
      this.set(readQueueDepth());
    },
  });

  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  let days = new Map<string, IngestDay>();
  /** Recent commits, oldest first: [when (ms), latency (ms), batches]. */
  let commits: [number, number, number][] = [];
  let drain5xx = 0;

  function dayRow(resourceSeq: number, at: Date): IngestDay {
    const day = Math.floor(at.getTime() / 1000 / DAY_SECONDS) * DAY_SECONDS;
    const id = `${day}:${resourceSeq}`;
    let row = days.get(id);
    if (!row) {
      row = { day, resourceSeq, batches: 0, duplicates: 0, refused: 0, serverErrors: 0, lines: 0, lostLines: 0, parseErrors: 0, lastBatchAt: 0 };
      days.set(id, row);
    }
    return row;
  }

  return {
    registry,
    drainBatch(outcome, at = new Date()) {
      const row = dayRow(outcome.resourceSeq, at);
      if (outcome.status >= 200 && outcome.status < 300 && outcome.duplicate) {
        batches.inc({ outcome: 'duplicate' });
        row.batches++;
        row.duplicates++;
      } else if (outcome.status >= 200 && outcome.status < 300) {
        batches.inc({ outcome: 'accepted' });
        lines.inc(outcome.lines);
        lost.inc(outcome.lostLines);
        parseErrors.inc(outcome.parseErrors);
        row.batches++;
        row.lines += outcome.lines;
        row.lostLines += outcome.lostLines;
        row.parseErrors += outcome.parseErrors;
        row.lastBatchAt = Math.max(row.lastBatchAt, Math.floor(at.getTime() / 1000));
      } else {
        batches.inc({ outcome: 'refused' });
        row.refused++;
        if (outcome.status >= 500) {
          row.serverErrors++;
          drain5xx++;
        }
      }
    },
    commit(seconds, size, ok) {
      commitSeconds.observe(seconds);
      groupSize.observe(size);
      if (!ok) storeErrors.inc({ operation: 'commit' });
      if (commits.length >= MAX_SAMPLES) commits.shift();
      commits.push([Date.now(), seconds * 1000, size]);
    },
    httpAnswer(route, status) {
      http.inc({ route, status: String(status) });
    },
    storeError(operation) {
      storeErrors.inc({ operation });
    },
    delivery(channel, ok) {
      deliveries.inc({ channel, outcome: ok ? 'ok' : 'failed' });
    },
    watchQueueDepth(read) {
      readQueueDepth = read;
    },
    takeInterval() {
      const taken = [...days.values()];
      const since = Date.now() - COMMIT_WINDOW_MS;
      commits = commits.filter(([at]) => at >= since);
      const sorted = commits.map(([, ms]) => ms).sort((a, b) => a - b);
      const batchesCommitted = commits.reduce((n, [, , size]) => n + size, 0);
      const lagP99 = loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : null;
      const interval: Interval = {
        days: taken,
        stats: {
          commitP50Ms: round(quantile(sorted, 0.5)),
          commitP99Ms: round(quantile(sorted, 0.99)),
          groupSizeMean: commits.length > 0 ? Math.round((batchesCommitted / commits.length) * 100) / 100 : null,
          queueDepth: readQueueDepth(),
          eventLoopLagP99Ms: round(lagP99),
          drain5xx,
        },
        lines: taken.reduce((n, d) => n + d.lines, 0),
        batches: taken.reduce((n, d) => n + d.batches, 0),
        refused: taken.reduce((n, d) => n + d.refused, 0),
        lostLines: taken.reduce((n, d) => n + d.lostLines, 0),
        parseErrors: taken.reduce((n, d) => n + d.parseErrors, 0),
      };
      days = new Map();
      loopDelay.reset();
      return interval;
    },
    putBack(rows) {
      for (const r of rows) {
        const row = dayRow(r.resourceSeq, new Date(r.day * 1000));
        row.batches += r.batches;
        row.duplicates += r.duplicates;
        row.refused += r.refused;
        row.serverErrors += r.serverErrors;
        row.lines += r.lines;
        row.lostLines += r.lostLines;
        row.parseErrors += r.parseErrors;
        row.lastBatchAt = Math.max(row.lastBatchAt, r.lastBatchAt);
      }
    },
    stop() {
      loopDelay.disable();
    },
  };
}
