import { createHash } from 'node:crypto';
import { nextAttemptAt } from '../platform/backoff.js';
import { writeAppLog } from '../platform/log-input.js';
import type { PlatformDeps } from '../platform/platform-deps.js';
import { unixNow } from '../platform/clock.js';
import type { Milestone } from '../store/platform-store.js';
import type { Resource } from '../model/resource.js';
import type { CountStore } from '../store/store.js';

/** 1,000, 10,000, 100,000, 1,000,000 and every further power of ten up to `total`. */
export function milestonesUpTo(total: number): number[] {
  const values: number[] = [];
  for (let value = 1000; value <= total; value *= 10) values.push(value);
  return values;
}

/**
 * The minute in which the running total reached `value`: walking the per-minute request counts
 * back from `total`, the minute whose requests carried it from below `value` to `value` or
 * more. Falls back to `fallback` when those minutes are no longer kept (retention).
 */
export async function reachedMinute(store: CountStore, resource: Resource, total: number, value: number, now: number, fallback: number): Promise<number> {
  const rows = await store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: now + 86_400, dims: ['all'] });
  let running = total;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (running - row.n < value) return row.bucket;
    running -= row.n;
  }
  return fallback;
}

/** Gives up on delivering a milestone after this many failed rounds (each one several tries). */
const MAX_DELIVERY_ROUNDS = 8;
/** A milestone claimed this long ago and not finished: its process died; claim it again. */
export const STALE_CLAIM_SECONDS = 600;

/** The highest milestone each resource is known to have recorded, so a round reads totals only. */
export type MilestoneMemo = Map<number, number>;

/** Records every milestone a resource's all-time total has passed; exactly once whatever the processes. */
export async function detectMilestones(deps: PlatformDeps, resource: Resource, memo: MilestoneMemo, hasLogInput: boolean): Promise<void> {
  const { requests } = await deps.store.readTotals(resource.seq);
  const reached = milestonesUpTo(requests);
  if (reached.length === 0) return;
  if (!memo.has(resource.seq)) {
    const known = await deps.store.listMilestones(resource.seq);
    memo.set(resource.seq, Math.max(0, ...known.map((m) => m.value)));
  }
  const highest = memo.get(resource.seq) ?? 0;
  const now = unixNow(deps);
  const minuteNow = now - (now % 60);
  for (const value of reached.filter((v) => v > highest)) {
    const milestone: Milestone = {
      resourceSeq: resource.seq,
      value,
      reachedAt: await reachedMinute(deps.store, resource, requests, value, now, minuteNow),
      recordedAt: now,
      delivery: hasLogInput ? 'pending' : 'no_log_input',
      deliveryReason: hasLogInput ? null : 'Heroku sent no log_input_url for this add-on',
      attempts: 0,
      nextAttemptAt: 0,
      claimedAt: null,
      deliveredAt: null,
    };
    if (await deps.store.recordMilestone(milestone)) {
      deps.log.info('milestone reached', { resource: resource.id, milestone: value });
    }
  }
  memo.set(resource.seq, reached[reached.length - 1]!);
}

/**
 * The milestone's stable id: the same on every try and in every process, sent as the
 * `Logplex-Frame-Id` and as `milestone_id` in the line, so that a reader of the log can drop the
 * rare second copy (see "exactly once" in docs/architecture.md).
 */
export function milestoneId(resource: Pick<Resource, 'id'>, value: number): string {
  return createHash('sha256').update(`milestone:${resource.id}:${value}`).digest('hex').slice(0, 32).toUpperCase();
}

export function milestoneLine(resource: Resource, milestone: Pick<Milestone, 'value' | 'reachedAt'>, now: Date) {
  return {
    time: now,
    fields: {
      milestone: milestone.value,
      'count#vanity.milestone': 1,
      milestone_id: milestoneId(resource, milestone.value),
      reached_at: new Date(milestone.reachedAt * 1000).toISOString(),
      addon: resource.name ?? resource.id,
      msg: `this app has served ${milestone.value.toLocaleString('en-US')} requests`,
    },
  };
}

/**
 * Writes each claimed milestone into its app's log. A milestone is claimed (`sending`) in the
 * database before its POST, so no other process or later round sends it again while the claim
 * (a lease of STALE_CLAIM_SECONDS) holds; only a claim whose process died is taken over; 5xx answers
 * are retried inside the POST and then in later rounds; a refusal (4xx even after re-reading
 * the log input URL) fails the milestone with the reason.
 */
export async function deliverMilestones(deps: PlatformDeps, resources: ReadonlyMap<number, Resource>): Promise<void> {
  const now = unixNow(deps);
  const claimed = await deps.store.claimMilestones(now, now - STALE_CLAIM_SECONDS);
  for (const milestone of claimed) {
    const resource = resources.get(milestone.resourceSeq) ?? null;
    if (!resource) continue;
    const result = await writeAppLog(deps, resource, [milestoneLine(resource, milestone, deps.now())], milestoneId(resource, milestone.value));
    const at = unixNow(deps);
    if (result.outcome === 'delivered') {
      await deps.store.updateMilestone(milestone.resourceSeq, milestone.value, { delivery: 'sent', deliveryReason: null, deliveredAt: at });
      continue;
    }
    const attempts = milestone.attempts + 1;
    const giveUp = result.outcome !== 'failed' || attempts >= MAX_DELIVERY_ROUNDS;
    await deps.store.updateMilestone(milestone.resourceSeq, milestone.value, {
      delivery: giveUp ? (result.outcome === 'no_log_input' ? 'no_log_input' : 'failed') : 'pending',
      deliveryReason: result.reason,
      attempts,
      nextAttemptAt: nextAttemptAt(at, attempts),
    });
    deps.log.warn('milestone not delivered', { resource: resource.id, milestone: milestone.value, reason: result.reason });
  }
}
