import { batchDeltas } from '../server/src/aggregate/batch-deltas.js';
import { parseDrainBody } from '../server/src/parse/drain-body.js';
import { generateInput } from './bench-input.js';
import { DIMENSIONS, LEVELS } from '../server/src/store/store.js';
import type { IngestBatch } from '../server/src/store/store.js';
import { MessageChannel } from 'node:worker_threads';
const input = generateInput({ lines: 20000, startMs: Date.now() - 3_600_000, spanMs: 3_600_000 });
const batches: IngestBatch[] = [];
for (const b of input.bodies) {
  const parsed = parseDrainBody(b.body);
  batches.push({ resourceSeq: 1, frameId: 'ABCDEF0123456789ABCDEF0123456789', totals: { requests: 1, lostLines: 0, parseErrors: 0 }, deltas: await batchDeltas(parsed, { zone: 'UTC', pathKeysFor: async () => (p) => p }) });
}
console.log('deltas per batch', batches.reduce((s, b) => s + b.deltas.length, 0) / batches.length);
function pack(group: IngestBatch[]) {
  let n = 0; for (const b of group) n += b.deltas.length;
  const codes = new Uint8Array(n * 2); const buckets = new Float64Array(n); const counts = new Float64Array(n); const keys: string[] = new Array(n);
  let i = 0;
  const heads = group.map((b) => { for (const d of b.deltas) { codes[2*i] = LEVELS.indexOf(d.level); codes[2*i+1] = DIMENSIONS.indexOf(d.dim); buckets[i] = d.bucket; counts[i] = d.n; keys[i] = d.key; i++; } return [b.resourceSeq, b.frameId, b.totals.requests, b.totals.lostLines, b.totals.parseErrors, b.deltas.length]; });
  return { heads, codes, buckets, counts, keys };
}
function pack2(group: IngestBatch[]) {
  const p = pack(group); const lens = new Uint32Array(p.keys.length); for (let i = 0; i < lens.length; i++) lens[i] = p.keys[i]!.length;
  return { heads: p.heads, codes: p.codes, buckets: p.buckets, counts: p.counts, lens, keys: p.keys.join('') };
}
const { port1, port2 } = new MessageChannel();
port2.on('message', () => {});
for (let r = 0; r < 8; r++) {
  let t = performance.now();
  for (let i = 0; i + 4 <= batches.length; i += 4) port1.postMessage(batches.slice(i, i + 4));
  const plain = performance.now() - t;
  t = performance.now();
  for (let i = 0; i + 4 <= batches.length; i += 4) port1.postMessage(pack(batches.slice(i, i + 4)));
  const packed = performance.now() - t;
  t = performance.now();
  for (let i = 0; i + 4 <= batches.length; i += 4) port1.postMessage(pack2(batches.slice(i, i + 4)));
  const packed2 = performance.now() - t;
  t = performance.now();
  for (let i = 0; i + 4 <= batches.length; i += 4) pack2(batches.slice(i, i + 4));
  const packOnly = performance.now() - t;
  console.log(`packed2 ${(packed2 * 1000 / batches.length).toFixed(1)} packonly ${(packOnly * 1000 / batches.length).toFixed(1)}`);
  console.log(`per batch: plain ${(plain * 1000 / batches.length).toFixed(1)} µs, packed ${(packed * 1000 / batches.length).toFixed(1)} µs`);
}
port1.close();
