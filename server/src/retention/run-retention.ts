import { ALERT_MINUTE_RETENTION_SECONDS } from '../model/levels.js';
import { retentionOf } from '../model/plans.js';
import type { MaintenanceStore, ResourceStore } from '../store/store.js';

/** Frame ids are kept long enough to catch Logplex's retries of a batch. */
export const FRAME_MEMORY_SECONDS = 2 * 3600;

export interface RetentionRun {
  resources: number;
}

/**
 * Deletes each live resource's minute and hour rows older than its plan keeps, and frame ids
 * older than two hours. Day rows and totals are kept forever. A plan change applies on the
 * next run; queries apply it at once (see query/horizons.ts).
 */
export async function runRetention(store: MaintenanceStore & ResourceStore, now: Date): Promise<RetentionRun> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const resources = await store.listResources();
  for (const resource of resources) {
    const retention = retentionOf(resource.plan);
    await store.prune(resource.seq, {
      minute: nowSeconds - retention.minute,
      hour: nowSeconds - retention.hour,
      alertMinute: nowSeconds - ALERT_MINUTE_RETENTION_SECONDS,
    });
  }
  await store.forgetFramesBefore(nowSeconds - FRAME_MEMORY_SECONDS);
  return { resources: resources.length };
}
