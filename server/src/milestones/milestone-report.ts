import type { Resource } from '../model/resource.js';
import type { MilestoneDelivery, PlatformStore } from '../store/platform-store.js';

export interface MilestoneItem {
  /** 1000, 10000, … */
  value: number;
  /** The minute the all-time total reached it (UTC). */
  reached_at: string;
  /** Whether its line reached the app's log: sent, pending/sending (being written), no_log_input, failed. */
  log_line: MilestoneDelivery;
}

/** Every milestone of a resource, lowest first, as the API and the dashboard show them. */
export async function milestoneItems(store: PlatformStore, resource: Pick<Resource, 'seq'>): Promise<MilestoneItem[]> {
  return (await store.listMilestones(resource.seq)).map((m) => ({
    value: m.value,
    reached_at: new Date(m.reachedAt * 1000).toISOString(),
    log_line: m.delivery,
  }));
}
