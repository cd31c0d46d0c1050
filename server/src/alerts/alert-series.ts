import { levelHorizons } from '../query/horizons.js';
import type { Resource } from '../model/resource.js';
import type { CountStore } from '../store/store.js';
import type { AlertRule } from '../model/alerts.js';
import { baselineWindow, windowAt } from './evaluate-rule.js';
import type { AlertSeries, MinuteCounts } from './evaluate-rule.js';

function emptyMinute(): { requests: number; errors: number; lost: number; codes: Record<string, number> } {
  return { requests: 0, errors: 0, lost: 0, codes: {} };
}

/**
 * The rows one resource's rules need at `now`: minute rows (requests, errors, lost lines, router
 * error codes) of the longest window, and for traffic anomalies the same minutes a week earlier,
 * from minute rows where the plan still keeps them, else from hour rows.
 */
export async function readAlertSeries(store: CountStore, resource: Resource, rules: readonly AlertRule[], now: Date): Promise<AlertSeries> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const minutesFrom = levelHorizons(resource, nowSeconds).minute;
  const minutes = new Map<number, MinuteCounts>();
  const hours = new Map<number, number>();
  const longest = Math.max(...rules.map((rule) => rule.params.window_minutes));
  const recent = windowAt(now, longest);
  const minuteAt = (bucket: number) => {
    let minute = minutes.get(bucket) as ReturnType<typeof emptyMinute> | undefined;
    if (!minute) minutes.set(bucket, (minute = emptyMinute()));
    return minute;
  };

  const readMinutes = async (from: number, to: number, dims: ('all' | 'error' | 'lost' | 'code')[]) => {
    for (const row of await store.readCounts({ resourceSeq: resource.seq, level: 'minute', from, to, dims })) {
      const minute = minuteAt(row.bucket);
      if (row.dim === 'all') minute.requests += row.n;
      else if (row.dim === 'error') minute.errors += row.n;
      else if (row.dim === 'lost') minute.lost += row.n;
      else if (row.dim === 'code') minute.codes[row.key] = (minute.codes[row.key] ?? 0) + row.n;
    }
  };
  await readMinutes(recent.from, recent.to, ['all', 'error', 'lost', 'code']);

  const weeks = rules
    .filter((rule) => rule.params.kind === 'traffic_anomaly')
    .map((rule) => baselineWindow(windowAt(now, rule.params.window_minutes), resource.options.timezone));
  if (weeks.length > 0) {
    // Every window ends at the same minute, so their union is one range read once.
    const from = Math.min(...weeks.map((w) => w.from));
    const to = Math.max(...weeks.map((w) => w.to));
    if (Math.max(from, minutesFrom) < to) await readMinutes(Math.max(from, minutesFrom), to, ['all']);
    if (from < minutesFrom) {
      const hourRows = await store.readCounts({ resourceSeq: resource.seq, level: 'hour', from: Math.floor(from / 3600) * 3600, to, dims: ['all'] });
      for (const row of hourRows) hours.set(row.bucket, row.n);
    }
  }
  return { minutes, hours, minutesFrom };
}
