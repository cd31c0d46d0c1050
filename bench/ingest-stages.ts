/**
 * Where the time of one drain POST goes, stage by stage, on ~100 KiB bodies: parse, count
 * deltas, SQLite group commit (groups of 8) and the bare cost of one durable commit (fsync).
 * Run: npx tsx bench/ingest-stages.ts   (three rounds; the first includes JIT warm-up)
 */
import { batchDeltas } from '../server/src/aggregate/batch-deltas.js';
import { buildBatch } from '../server/src/aggregate/ingest.js';
import { parseDrainBody } from '../server/src/parse/drain-body.js';
import type { IngestBatch } from '../server/src/model/counts.js';
import type { ParsedBody } from '../server/src/parse/drain-body.js';
import { makeBody } from './logplex-sample.js';
import { openTempStore } from '../server/test/support/temp-store.js';
const bodies = Array.from({ length: 16 }, (_, i) => makeBody(100 * 1024, i * 1000).body);
const temp = await openTempStore();
const resource = await temp.addResource();
const N = 400;
let frame = 0;
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  const parsed: ParsedBody[] = [];
  for (let i = 0; i < N; i++) parsed.push(parseDrainBody(bodies[i % 16]!));
  const parse = (performance.now() - t) * 1000 / N;
  t = performance.now();
  const batches: IngestBatch[] = [];
  for (let i = 0; i < N; i++) batches.push(buildBatch(resource, parsed[i]!, `F${frame++}`, await batchDeltas(parsed[i]!, { zone: 'UTC', pathKeysFor: async () => (p) => p })));
  const deltas = (performance.now() - t) * 1000 / N;
  t = performance.now();
  for (let i = 0; i < N; i += 8) await temp.store.commitBatches(batches.slice(i, i + 8));
  const commit = (performance.now() - t) * 1000 / N;
  t = performance.now();
  for (let i = 0; i < 20; i++) await temp.store.commitBatches([{ ...batches[0]!, frameId: `E${frame++}`, deltas: [] }]);
  const empty = (performance.now() - t) * 1000 / 20;
  console.log(`parse ${parse.toFixed(0)}µs  deltas ${deltas.toFixed(0)}µs (${batches[0]!.deltas.length} rows)  commit/8 ${commit.toFixed(0)}µs per batch  empty commit ${empty.toFixed(0)}µs`);
}
await temp.dispose();
