import { errorMessage } from '../log/logger.js';
import type { Logger } from '../log/logger.js';
import type { MaintenanceStore, ResourceStore } from '../store/store.js';
import { runRetention } from './run-retention.js';

export interface RetentionSchedule {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  intervalSeconds: number;
  /** Delay before the first run. */
  firstRunSeconds?: number;
  now: () => Date;
  log: Logger;
}

/** Runs retention shortly after start, then every `intervalSeconds`. */
export function scheduleRetention(store: MaintenanceStore & ResourceStore, { intervalSeconds, firstRunSeconds = 10, now, log }: ScheduleOptions): RetentionSchedule {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout;

  const runOnce = async () => {
    try {
      const started = Date.now();
      // With several processes on one PostgreSQL database (dynos, cluster workers), one of them
      // runs each round: no two at once (the lock), and not again within half an interval (the claim).
      let claimed = true;
      const ran = await store.runExclusive('retention', async () => {
        claimed = await store.claimJobRound('retention', Math.floor(Date.now() / 1000), Math.floor(intervalSeconds / 2));
        if (!claimed) return;
        const { resources } = await runRetention(store, now());
        log.info('retention done', { resources, duration_ms: Date.now() - started });
      });
      if (!ran) log.info('retention skipped: another process is running it');
      else if (!claimed) log.info('retention skipped: this round already ran', { min_gap_s: Math.floor(intervalSeconds / 2) });
    } catch (err) {
      log.error('retention failed', { error: errorMessage(err) });
    }
  };
  const tick = (delaySeconds: number) => {
    timer = setTimeout(() => {
      running = runOnce().then(() => {
        if (!stopped) tick(intervalSeconds);
      });
    }, delaySeconds * 1000);
    timer.unref();
  };
  tick(Math.min(firstRunSeconds, intervalSeconds));

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
