import { deliverMilestones, detectMilestones } from '../milestones/milestones.js';
import type { MilestoneMemo } from '../milestones/milestones.js';
import { subscribeReleases } from '../releases/webhook-subscription.js';
import { errorMessage } from '../log/logger.js';
import type { PlatformDeps } from '../platform/platform-deps.js';
import { unixNow } from '../platform/clock.js';
import { exchangeGrant, needsRefresh, refreshToken } from '../platform/tokens.js';

export interface PlatformJobs {
  /** Asks for a round soon (after a provision); never waits for it. */
  kick(): void;
  /** Runs one round now (or joins the one running) and resolves when it is done. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One round: exchange due grants, refresh expiring tokens, subscribe to webhooks, record
 * milestones, deliver them, and forget credentials whose rotation overlap ended. It runs under
 * `store.runExclusive`, so across processes on one PostgreSQL only one round runs at a time;
 * every step is also safe to repeat (unique keys, claims). It only reads counts, so ingestion
 * never waits for it.
 */
export async function platformRound(deps: PlatformDeps, memo: MilestoneMemo): Promise<void> {
  const { store } = deps;
  await store.forgetExpiredKeys(unixNow(deps));
  const records = new Map((await store.listPlatform()).map((r) => [r.resourceSeq, r]));
  for (const record of records.values()) {
    try {
      await exchangeGrant(deps, record);
      const fresh = (await store.getPlatform(record.resourceSeq)) ?? record;
      if (needsRefresh(fresh, unixNow(deps))) await refreshToken(deps, fresh);
      await subscribeReleases(deps, (await store.getPlatform(record.resourceSeq)) ?? fresh);
    } catch (error) {
      deps.log.error('platform job failed', { resource: record.resourceId, error: errorMessage(error) });
    }
  }
  const resources = new Map((await store.listResources()).map((r) => [r.seq, r]));
  for (const resource of resources.values()) {
    try {
      await detectMilestones(deps, resource, memo, Boolean(records.get(resource.seq)?.logInputUrl));
    } catch (error) {
      deps.log.error('milestone detection failed', { resource: resource.id, error: errorMessage(error) });
    }
  }
  await deliverMilestones(deps, resources);
}

export function schedulePlatformJobs(deps: PlatformDeps): PlatformJobs {
  const memo: MilestoneMemo = new Map();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const round = async (): Promise<void> => {
    try {
      // Another process holds the round: it will see what we would have seen.
      await deps.store.runExclusive('platform', () => platformRound(deps, memo));
    } catch (error) {
      deps.log.error('platform round failed', { error: errorMessage(error) });
    }
  };

  const runNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      // A round already running may have read its list before the caller's change: run one more after it.
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };

  const timer = deps.config.intervalSeconds > 0 ? setInterval(() => void runNow(), deps.config.intervalSeconds * 1000) : undefined;
  timer?.unref();

  return {
    kick() {
      setImmediate(() => void runNow());
    },
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
