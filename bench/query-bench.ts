/**
 * How long the developer API's reports take on a busy resource (every minute of the last
 * 30 days has traffic on 20 paths). Prints each case's time and its ratio to a plain
 * UTC 24-hour report measured in the same run. Run: npx tsx bench/query-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countsReport, parseCountsParams, parseTopParams, topReport } from '../server/src/query/index.js';
import { openSqliteStore } from '../server/src/store/sqlite/sqlite-store.js';
import type { CountDelta } from '../server/src/model/counts.js';
import type { Resource } from '../server/src/model/resource.js';

const dir = mkdtempSync(join(tmpdir(), 'vanity-bench-'));
const store = openSqliteStore(join(dir, 'bench.sqlite'));
const now = new Date('2026-11-24T12:00:00Z');
const created = await store.createResource({
  id: 'bench', name: 'bench', plan: 'pro', region: 'us', options: { timezone: 'UTC' }, logDrainToken: null,
  keySalt: 's', apiKeyHash: 'x', drainKeyHash: 'y', publicId: 'p', badgeEnabled: false,
});
if (created.outcome === 'deleted') throw new Error('unexpected');
const resource: Resource = created.resource;

const end = Math.floor(now.getTime() / 1000 / 60) * 60;
for (let day = 0; day < 30; day++) {
  const deltas: CountDelta[] = [];
  for (let m = 0; m < 1440; m++) {
    const t = end - (day * 1440 + m) * 60;
    for (const level of ['minute', 'hour', 'day'] as const) {
      const bucket = level === 'minute' ? t : level === 'hour' ? Math.floor(t / 3600) * 3600 : Math.floor(t / 86400) * 86400;
      deltas.push({ level, bucket, dim: 'all', key: '', n: 20 }, { level, bucket, dim: 'status', key: '200', n: 20 });
      for (let p = 0; p < 20; p++) deltas.push({ level, bucket, dim: 'path', key: `/p${p}`, n: 1 });
    }
  }
  await store.commitBatches([{ resourceSeq: resource.seq, frameId: null, deltas, totals: { requests: 28800, lostLines: 0, parseErrors: 0 } }]);
}

async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < 5; i++) await run();
  return Number(process.hrtime.bigint() - started) / 5e6;
}
const counts = (query: Record<string, string>) => () => countsReport(store, resource, parseCountsParams(query, resource, now), now);
const top = (query: Record<string, string>) => () => topReport(store, resource, parseTopParams(query, resource, now), now);

const baseline = await time(counts({}));
console.log(`baseline: counts, UTC, last 24 h by hour: ${baseline.toFixed(1)} ms`);
for (const [name, run] of [
  ['counts, UTC, 7 days by hour', counts({ since: '7d' })],
  ['counts, Asia/Kathmandu, 24 h by hour (minute rows)', counts({ tz: 'Asia/Kathmandu' })],
  ['counts, UTC, 1500 minutes', counts({ since: '1500m', interval: 'minute' })],
  ['counts, Europe/Berlin, 1500 days by day', counts({ since: '1499d', interval: 'day', tz: 'Europe/Berlin' })],
  ['top paths, 30 days', top({ since: '30d' })],
] as const) {
  const ms = await time(run);
  console.log(`${name}: ${ms.toFixed(1)} ms (${(ms / baseline).toFixed(1)}x baseline)`);
}
await store.close();
rmSync(dir, { recursive: true, force: true });
