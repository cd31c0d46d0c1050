import { hostname } from 'node:os';
import { errorMessage } from '../log/logger.js';
import type { LogFields, Logger } from '../log/logger.js';
import type { OperatorStore } from '../store/store.js';
import type { Interval, SelfMetrics } from './self-metrics.js';

export interface OpsFlush {
  /** Writes what the interval gathered (day rows, this process's figures) and prints the l2met line. */
  flush(): Promise<void>;
  /** Stops the schedule after one last flush. */
  stop(): Promise<void>;
}

export interface OpsFlushOptions {
  intervalSeconds: number;
  now: () => Date;
  log: Logger;
}

/** Dyno name on Heroku (`web.1`), else the host, plus the pid: unique per running process. */
export function processId(env: Record<string, string | undefined> = process.env): string {
  return `${env.DYNO || hostname()}.${process.pid}`;
}

const ms = (value: number | null): string => (value === null ? '' : `${value}ms`);

/**
 * The fields of one l2met line (`sample#`, `count#`), so Heroku's log-based metrics tools can
 * chart Vanity's own performance from its logs. Empty samples (no commit in the interval) are
 * left out.
 */
export function l2metFields(interval: Interval): LogFields {
  const { stats } = interval;
  const fields: [string, string | number][] = [
    ['sample#vanity.commit.p50', ms(stats.commitP50Ms)],
    ['sample#vanity.commit.p99', ms(stats.commitP99Ms)],
    ['sample#vanity.commit.group_size', stats.groupSizeMean ?? ''],
    ['sample#vanity.commit.queue_depth', stats.queueDepth],
    ['sample#vanity.event_loop_lag.p99', ms(stats.eventLoopLagP99Ms)],
    ['count#vanity.lines', interval.lines],
    ['count#vanity.batches', interval.batches],
    ['count#vanity.batches.refused', interval.refused],
    ['count#vanity.lost_lines', interval.lostLines],
    ['count#vanity.parse_errors', interval.parseErrors],
  ];
  return Object.fromEntries([['source', 'vanity'], ...fields.filter(([, v]) => v !== '')]) as LogFields;
}

/** Every `intervalSeconds`, moves the self-metrics' interval into the store and the log. */
export function scheduleOpsFlush(metrics: SelfMetrics, store: OperatorStore, { intervalSeconds, now, log }: OpsFlushOptions): OpsFlush {
  const id = processId();
  const startedAt = now();
  let running: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    const interval = metrics.takeInterval();
    try {
      await store.addIngestDays(interval.days);
      await store.saveProcessStats({ processId: id, startedAt, seenAt: now(), ...interval.stats });
    } catch (error) {
      metrics.putBack(interval.days);
      metrics.storeError('ops_flush');
      log.error("could not write the operator's records; will retry", { error: errorMessage(error) });
    }
    // An idle process prints nothing: l2met reads a missing count as zero.
    if (interval.batches + interval.refused > 0) log.info('metrics', l2metFields(interval));
  }

  // One flush at a time: a slow store must not let two flushes add the same rows twice.
  const flush = (): Promise<void> => (running = running.then(write));
  const timer = setInterval(() => void flush(), intervalSeconds * 1000);
  timer.unref();
  return {
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
      metrics.stop();
    },
  };
}
