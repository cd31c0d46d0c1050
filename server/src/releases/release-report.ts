import type { Resource } from '../model/resource.js';
import { countsReport } from '../query/index.js';
import type { PlatformRecord, PlatformStore } from '../store/platform-store.js';
import type { CountStore } from '../store/store.js';

export interface ReleaseItem {
  version: number;
  description: string;
  status: string;
  released_at: string;
}

/** The releases Heroku told us about (webhooks) in [from, to), unix seconds, oldest first. */
export async function releaseItems(store: Pick<PlatformStore, 'listReleases'>, resource: Pick<Resource, 'seq'>, from: number, to: number): Promise<ReleaseItem[]> {
  return (await store.listReleases(resource.seq, from, to)).map((r) => ({
    version: r.version,
    description: r.description,
    status: r.status,
    released_at: new Date(r.releasedAt * 1000).toISOString(),
  }));
}

export type ReleaseTracking = 'subscribed' | 'pending' | 'failed' | 'no_token';

/** Whether releases can arrive: the add-on webhook needs a Platform API token, then a subscription. */
export function releaseTracking(record: Pick<PlatformRecord, 'tokenState' | 'webhookState'> | null): ReleaseTracking {
  if (record?.webhookState === 'subscribed') return 'subscribed';
  if (!record || record.tokenState === 'none' || record.tokenState === 'failed') return 'no_token';
  if (record.webhookState === 'failed') return 'failed';
  return 'pending';
}

export interface ReleaseWindow {
  requests: number;
  errors: number;
  /** errors / requests, null without requests. */
  error_rate: number | null;
  /** p95 service time in ms (histogram bin upper bound), null without data. */
  p95_ms: number | null;
}

export interface ScorecardItem extends ReleaseItem {
  /** The hour before the release. */
  before: ReleaseWindow;
  /** The hour after it (so far, for a release less than an hour old). */
  after: ReleaseWindow;
  /** p95 comes from hour rows, which straddle a release that is not on the hour. */
  approximate: boolean;
}

const HOUR = 3600;

async function window(store: CountStore, resource: Resource, from: number, to: number, now: Date) {
  const at = (seconds: number) => ({ kind: 'at' as const, seconds });
  const report = await countsReport(store, resource, { since: at(from), until: at(to), interval: 'minute', tz: 'UTC' }, now);
  const summary: ReleaseWindow = {
    requests: report.sum,
    errors: report.errors,
    error_rate: report.sum > 0 ? Math.round((report.errors / report.sum) * 10_000) / 10_000 : null,
    p95_ms: report.service_ms?.p95 ?? null,
  };
  return { summary, approximate: report.approximate };
}

/**
 * The deploy scorecard: for each release in [from, to), requests, error rate and p95 in the hour
 * before against the hour after. Requests and errors are exact (minute rows); p95 comes from
 * hour rows, so it is approximate for a release that is not on the hour.
 */
export async function scorecard(store: CountStore & PlatformStore, resource: Resource, from: number, to: number, now: Date): Promise<ScorecardItem[]> {
  const releases = await store.listReleases(resource.seq, from, to);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return Promise.all(
    releases.map(async (r) => {
      const releasedMinute = r.releasedAt - (r.releasedAt % 60);
      const [before, after] = await Promise.all([
        window(store, resource, releasedMinute - HOUR, releasedMinute, now),
        window(store, resource, releasedMinute, Math.min(releasedMinute + HOUR, Math.max(nowSeconds, releasedMinute + 60)), now),
      ]);
      return {
        version: r.version,
        description: r.description,
        status: r.status,
        released_at: new Date(r.releasedAt * 1000).toISOString(),
        before: before.summary,
        after: after.summary,
        approximate: before.approximate || after.approximate,
      };
    }),
  );
}
