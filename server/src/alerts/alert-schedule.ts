import { errorMessage } from '../log/logger.js';
import type { Logger } from '../log/logger.js';
import type { MaintenanceStore } from '../store/store.js';
import { evaluateAlerts } from './alert-job.js';
import type { EvaluationStore } from './alert-job.js';
import { deliverDueAlerts } from './deliver-alerts.js';
import type { Senders } from './deliver-alerts.js';

export interface AlertSchedule {
  /** Delivers what is due now instead of at the next poll (after a rule fired in this process). */
  kick(): void;
  /** Stops both timers and waits for the runs in progress. */
  stop(): Promise<void>;
}

export interface AlertScheduleOptions {
  /** Seconds after each minute boundary at which the minute that just ended is evaluated. */
  delaySeconds: number;
  /** How often to look for due notifications (retries, or ones another process queued). */
  pollMs?: number;
  now: () => Date;
  log: Logger;
}

/**
 * Evaluates alerts once a minute (a few seconds after the minute ends, so that Logplex's last
 * lines of it have arrived) and delivers notifications every few seconds. With several
 * processes each runs the timers; `runExclusive` and the minute claim in the store make each
 * minute evaluated once, and claimed deliveries are leased to one process.
 */
export function scheduleAlerts(store: EvaluationStore & MaintenanceStore, senders: Senders, { delaySeconds, pollMs = 5000, now, log }: AlertScheduleOptions): AlertSchedule {
  let stopped = false;
  let evaluating: Promise<void> = Promise.resolve();
  let delivering: Promise<void> | undefined;
  let again = false;
  let evaluationTimer: NodeJS.Timeout;

  const deliver = (): void => {
    if (stopped) return;
    if (delivering) {
      again = true;
      return;
    }
    delivering = deliverDueAlerts(store, senders, now, log)
      .then(
        () => undefined,
        (err: unknown) => log.error('alert delivery run failed', { error: errorMessage(err) }),
      )
      .finally(() => {
        delivering = undefined;
        if (again) {
          again = false;
          deliver();
        }
      });
  };

  const evaluate = async () => {
    try {
      await store.runExclusive('alerts', async () => {
        const run = await evaluateAlerts(store, now());
        if (run.fired + run.resolved > 0) log.info('alerts evaluated', { rules: run.rules, fired: run.fired, resolved: run.resolved });
        if (run.deliveries > 0) deliver();
      });
    } catch (err) {
      log.error('alert evaluation failed', { error: errorMessage(err) });
    }
  };

  const scheduleNext = () => {
    const ms = Date.now();
    const next = (Math.floor(ms / 60_000) + 1) * 60_000 + delaySeconds * 1000;
    const wait = next - 60_000 > ms ? next - 60_000 - ms : next - ms;
    evaluationTimer = setTimeout(() => {
      evaluating = evaluate().then(() => {
        if (!stopped) scheduleNext();
      });
    }, wait);
    evaluationTimer.unref();
  };
  scheduleNext();
  const poller = setInterval(deliver, pollMs);
  poller.unref();

  return {
    kick: deliver,
    async stop() {
      stopped = true;
      clearTimeout(evaluationTimer);
      clearInterval(poller);
      await evaluating;
      await delivering;
    },
  };
}
