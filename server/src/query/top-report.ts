import type { Resource } from '../model/resource.js';
import type { CountStore } from '../store/store.js';
import { resolveRange } from './params.js';
import type { TopReport } from '../contract/api.js';
import type { TopParams } from './params.js';
import { rangeFields } from './counts-report.js';
import { rangeReader } from './range-reader.js';
import { totalsByKey } from './read-segments.js';

export async function topReport(store: CountStore, resource: Resource, params: TopParams, now = new Date()): Promise<TopReport> {
  const range = resolveRange(params, now);
  const reader = rangeReader(store, resource, Math.floor(now.getTime() / 1000));
  const { rows, approximate } = await reader.read([range.since, range.until], [params.by]);
  const ranked = [...totalsByKey(rows, params.by)]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sum = ranked.reduce((total, item) => total + item.count, 0);
  const items = ranked.slice(0, params.limit);
  const { tz, since, until } = rangeFields(range);
  return { by: params.by, tz, since, until, sum, items, other: sum - items.reduce((total, item) => total + item.count, 0), approximate };
}
