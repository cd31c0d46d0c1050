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
  /** p95 comes from whole UTC hours: for a release that is not on the hour, the hour it happened in counts as after. */
  approximate: boolean;
}

const HOUR = 3600;

const at = (seconds: number) => ({ kind: 'at' as const, seconds });

/**
 * Requests and errors of [from, to) from the minute counts; p95 from the whole UTC hours
 * [p95From, p95To), since service times are kept per hour only.
 */
async function window(store: CountStore, resource: Resource, minutes: [number, number], hours: [number, number], now: Date) {
  const [exact, hourly] = await Promise.all([
    countsReport(store, resource, { since: at(minutes[0]), until: at(minutes[1]), interval: 'minute', tz: 'UTC' }, now),
    countsReport(store, resource, { since: at(hours[0]), until: at(hours[1]), interval: 'hour', tz: 'UTC' }, now),
  ]);
  const summary: ReleaseWindow = {
    requests: exact.sum,
    errors: exact.errors,
    error_rate: exact.sum > 0 ? Math.round((exact.errors / exact.sum) * 10_000) / 10_000 : null,
    p95_ms: hourly.service_ms?.p95 ?? null,
  };
  return { summary, approximate: exact.series_approximate || hourly.approximate };
}

/**
 * The deploy scorecard: for each release in [from, to), requests, error rate and p95 in the hour
 * before against the hour after. Requests and errors are exact (minute counts). p95 comes from
 * hour counts: the whole UTC hour before the release's hour against the hours the hour after
 * touches (the release's own, and the next when it is not on the hour). So "before" never
 * includes a request made after the deploy; "after" may include some made just before it.
 */
export async function scorecard(store: CountStore & PlatformStore, resource: Resource, from: number, to: number, now: Date): Promise<ScorecardItem[]> {
  const releases = await store.listReleases(resource.seq, from, to);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return Promise.all(
    releases.map(async (r) => {
      const minute = r.releasedAt - (r.releasedAt % 60);
      const hour = r.releasedAt - (r.releasedAt % HOUR);
      // The hours the hour after touches: the release's own and, off the hour, the next one too.
      const afterHoursEnd = hour + (minute === hour ? HOUR : 2 * HOUR);
      const [before, after] = await Promise.all([
        window(store, resource, [minute - HOUR, minute], [hour - HOUR, hour], now),
        window(store, resource, [minute, Math.min(minute + HOUR, Math.max(nowSeconds, minute + 60))], [hour, afterHoursEnd], now),
      ]);
      return {
        version: r.version,
        description: r.description,
        status: r.status,
        released_at: new Date(r.releasedAt * 1000).toISOString(),
        before: before.summary,
        after: after.summary,
        approximate: minute !== hour || before.approximate || after.approximate,
      };
    }),
  );
}
