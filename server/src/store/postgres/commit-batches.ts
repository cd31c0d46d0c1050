import type { PoolClient } from 'pg';
import { LEVEL_CODES } from '../levels.js';
import type { IngestBatch, IngestOutcome, Totals } from '../store.js';

/*
 * Group commit on PostgreSQL, safe with any number of processes committing at once.
 * Every transaction takes its row locks in one global order, so two commits can wait for
 * each other but never deadlock:
 *   1. frames  – insert the batches' frame ids, sorted by (resource, frame id);
 *   2. totals  – lock the resources' totals rows, sorted by resource (SELECT … FOR UPDATE);
 *   3. counts  – one multi-row upsert, keys sorted;
 *   4. totals  – add the sums to the rows locked in step 2.
 * Step 2 also serialises commits per resource with prune and delete, which lock the same row
 * first, and skips resources deleted meanwhile (their totals row is gone).
 */

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function frameKey(resource: number, frameId: string): string {
  return `${resource}\u0000${frameId}`;
}

/** Which batches are new: no frame id, or a frame id committed by nobody before. */
async function claimFrames(client: PoolClient, batches: readonly IngestBatch[], now: number): Promise<boolean[]> {
  const firstIndex = new Map<string, number>();
  batches.forEach((b, i) => {
    if (b.frameId !== null && !firstIndex.has(frameKey(b.resourceSeq, b.frameId))) firstIndex.set(frameKey(b.resourceSeq, b.frameId), i);
  });
  const claims = [...firstIndex.values()]
    .map((i) => batches[i] as IngestBatch & { frameId: string })
    .sort((a, b) => a.resourceSeq - b.resourceSeq || byCodeUnits(a.frameId, b.frameId));
  const inserted = new Set<string>();
  if (claims.length > 0) {
    const { rows } = await client.query<{ resource: number; frame_id: string }>(
      `INSERT INTO frames (resource, frame_id, received_at)
       SELECT resource, frame_id, $3 FROM unnest($1::integer[], $2::text[]) AS u(resource, frame_id)
       ON CONFLICT DO NOTHING
       RETURNING resource, frame_id`,
      [claims.map((b) => b.resourceSeq), claims.map((b) => b.frameId), now],
    );
    for (const row of rows) inserted.add(frameKey(row.resource, row.frame_id));
  }
  return batches.map((b, i) => b.frameId === null || (firstIndex.get(frameKey(b.resourceSeq, b.frameId)) === i && inserted.has(frameKey(b.resourceSeq, b.frameId))));
}

/** Locks the totals rows in resource order; returns the resources that still exist. */
async function lockTotals(client: PoolClient, resources: number[]): Promise<Set<number>> {
  const { rows } = await client.query<{ resource: number }>(
    'SELECT resource FROM totals WHERE resource = ANY($1::integer[]) ORDER BY resource FOR UPDATE',
    [resources],
  );
  return new Set(rows.map((r) => r.resource));
}

interface CountKey {
  resource: number;
  level: number;
  bucket: number;
  dim: string;
  key: string;
  n: number;
}

/** Sums deltas per row (an upsert may touch each row once) and sorts them into lock order. */
function mergeCounts(batches: readonly IngestBatch[]): CountKey[] {
  const merged = new Map<string, CountKey>();
  for (const b of batches) {
    for (const d of b.deltas) {
      const level = LEVEL_CODES[d.level];
      const id = `${b.resourceSeq}\u0000${level}\u0000${d.bucket}\u0000${d.dim}\u0000${d.key}`;
      const row = merged.get(id);
      if (row) row.n += d.n;
      else merged.set(id, { resource: b.resourceSeq, level, bucket: d.bucket, dim: d.dim, key: d.key, n: d.n });
    }
  }
  return [...merged.values()].sort(
    (a, b) => a.resource - b.resource || a.level - b.level || a.bucket - b.bucket || byCodeUnits(a.dim, b.dim) || byCodeUnits(a.key, b.key),
  );
}

async function upsertCounts(client: PoolClient, rows: CountKey[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO counts (resource, level, bucket, dim, key, n)
     SELECT * FROM unnest($1::integer[], $2::smallint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[])
     ON CONFLICT (resource, level, bucket, dim, key) DO UPDATE SET n = counts.n + excluded.n`,
    [rows.map((r) => r.resource), rows.map((r) => r.level), rows.map((r) => r.bucket), rows.map((r) => r.dim), rows.map((r) => r.key), rows.map((r) => r.n)],
  );
}

async function addTotals(client: PoolClient, batches: readonly IngestBatch[]): Promise<void> {
  const sums = new Map<number, Totals>();
  for (const b of batches) {
    const sum = sums.get(b.resourceSeq) ?? { requests: 0, lostLines: 0, parseErrors: 0 };
    sum.requests += b.totals.requests;
    sum.lostLines += b.totals.lostLines;
    sum.parseErrors += b.totals.parseErrors;
    sums.set(b.resourceSeq, sum);
  }
  if (sums.size === 0) return;
  const entries = [...sums.entries()];
  await client.query(
    `UPDATE totals AS t SET requests = t.requests + u.requests, lost_lines = t.lost_lines + u.lost_lines,
            parse_errors = t.parse_errors + u.parse_errors
     FROM unnest($1::integer[], $2::bigint[], $3::bigint[], $4::bigint[]) AS u(resource, requests, lost_lines, parse_errors)
     WHERE t.resource = u.resource`,
    [entries.map(([r]) => r), entries.map(([, s]) => s.requests), entries.map(([, s]) => s.lostLines), entries.map(([, s]) => s.parseErrors)],
  );
}

/** The body of `Store.commitBatches`, run inside one transaction. */
export async function commitBatchesIn(client: PoolClient, batches: readonly IngestBatch[]): Promise<IngestOutcome[]> {
  const fresh = await claimFrames(client, batches, Math.floor(Date.now() / 1000));
  const counted = batches.filter((_, i) => fresh[i]);
  const live = await lockTotals(client, [...new Set(counted.map((b) => b.resourceSeq))].sort((a, b) => a - b));
  const kept = counted.filter((b) => live.has(b.resourceSeq));
  await upsertCounts(client, mergeCounts(kept));
  await addTotals(client, kept);
  return fresh.map((isNew) => ({ duplicate: !isNew }));
}

/** Serialises with commits of the resource (see the lock order above). */
export async function lockResourceTotals(client: PoolClient, resource: number): Promise<void> {
  await client.query('SELECT 1 FROM totals WHERE resource = $1 FOR UPDATE', [resource]);
}
