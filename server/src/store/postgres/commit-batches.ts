import type { Pool } from 'pg';
import { LEVEL_CODES } from '../level-codes.js';
import type { IngestBatch, IngestOutcome } from '../../model/counts.js';

/*
 * Group commit on PostgreSQL, safe with any number of processes committing at once. The work
 * is the SQL function `commit_batches` (migration 2), called as one statement: one round trip,
 * one transaction.
 *
 * Counts and totals are sharded: every opened store (every process) gets its own shard number
 * and adds only into rows of that shard, so commits of different processes never wait for one
 * another's counter rows (readers sum the shards; retention folds old rows into shard 0).
 * Within one process the group committer runs one commit at a time. Locks, in this order:
 *   1. frames    – insert the batches' frame ids, sorted here by (resource, frame id); only the
 *                  batches whose frame id was new count: the cross-process exactly-once rule;
 *   2. resources – FOR KEY SHARE on the counted resources, by seq: commits do not block each
 *                  other, while deleteResource and prune (FOR UPDATE) wait for them, and a
 *                  resource deleted meanwhile is skipped;
 *   3. counts    – one multi-row upsert into this shard, deltas summed per row, rows in key order;
 *   4. totals    – one upsert into this shard, by resource.
 */

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Claim {
  resource: number;
  frameId: string;
}

/**
 * Each batch's frame claim for `commit_batches`: 0 = no frame id (always counts), k = the k-th
 * claim (1-based, claims sorted into lock order), -1 = a frame id an earlier batch of this
 * same call already claims (a duplicate whatever the database says).
 */
function frameClaims(batches: readonly IngestBatch[]): { claims: Claim[]; batchClaim: number[] } {
  const firstOf = new Map<string, number>();
  const claims: Claim[] = [];
  batches.forEach((b, i) => {
    const key = `${b.resourceSeq}\u0000${b.frameId}`;
    if (b.frameId !== null && !firstOf.has(key)) {
      firstOf.set(key, i);
      claims.push({ resource: b.resourceSeq, frameId: b.frameId });
    }
  });
  claims.sort((a, b) => a.resource - b.resource || byCodeUnits(a.frameId, b.frameId));
  const ordinal = new Map(claims.map((c, k) => [`${c.resource}\u0000${c.frameId}`, k + 1]));
  const batchClaim = batches.map((b, i) => {
    if (b.frameId === null) return 0;
    const key = `${b.resourceSeq}\u0000${b.frameId}`;
    return firstOf.get(key) === i ? (ordinal.get(key) as number) : -1;
  });
  return { claims, batchClaim };
}

/** The arguments of `commit_batches`, column by column. */
function commitArguments(batches: readonly IngestBatch[], receivedAt: number): unknown[] {
  const { claims, batchClaim } = frameClaims(batches);
  const deltas = batches.flatMap((b, i) => b.deltas.map((d) => ({ batch: i + 1, ...d })));
  return [
    claims.map((c) => c.resource),
    claims.map((c) => c.frameId),
    receivedAt,
    batches.map((b) => b.resourceSeq),
    batchClaim,
    batches.map((b) => b.totals.requests),
    batches.map((b) => b.totals.lostLines),
    batches.map((b) => b.totals.parseErrors),
    deltas.map((d) => d.batch),
    deltas.map((d) => LEVEL_CODES[d.level]),
    deltas.map((d) => d.bucket),
    deltas.map((d) => d.dim),
    deltas.map((d) => d.key),
    deltas.map((d) => d.n),
  ];
}

const COMMIT_SQL = `SELECT commit_batches($1::smallint,
  $2::integer[], $3::text[], $4::bigint, $5::integer[], $6::integer[], $7::bigint[], $8::bigint[], $9::bigint[],
  $10::integer[], $11::smallint[], $12::bigint[], $13::text[], $14::text[], $15::bigint[]) AS counted`;

/** `Store.commitBatches` on PostgreSQL, adding into `shard`. */
export async function commitBatches(pool: Pool, shard: number, batches: readonly IngestBatch[]): Promise<IngestOutcome[]> {
  if (batches.length === 0) return [];
  const { rows } = await pool.query<{ counted: boolean[] }>(COMMIT_SQL, [shard, ...commitArguments(batches, Math.floor(Date.now() / 1000))]);
  const counted = rows[0]?.counted ?? [];
  if (counted.length !== batches.length) throw new Error(`commit_batches answered ${counted.length} outcomes for ${batches.length} batches`);
  return counted.map((isNew) => ({ duplicate: !isNew }));
}
