import type { IngestDay, PlanEvent, ProcessStats, ResourceLifetime } from '../model/operator.js';
import { PLAN_NAMES } from '../model/plans.js';
import type { PlanName } from '../model/plans.js';
import type { PlatformStore, RotationState, TokenState } from '../store/platform-store.js';
import type { ProcessStatsColumns } from '../store/operator-columns.js';
import type { OperatorStore } from '../store/store.js';
import { planSpans, revenueEstimate } from './revenue.js';
import type { RevenueEstimate } from './revenue.js';

/**
 * The operator's figures for a period: the console (`/admin`), its JSON (`/admin/report.json`)
 * and `npm run review` all come from `fleetReport`, so they cannot disagree.
 */

export const DAY_MS = 86_400_000;
/** Processes that reported within this long count as running. */
export const PROCESS_SEEN_MS = 10 * 60_000;
const BUSIEST = 10;

export interface ReportPeriod {
  /** UTC midnight, inclusive. */
  from: Date;
  /** UTC midnight, exclusive. */
  to: Date;
}

export interface DayFigures {
  day: string;
  provisions: number;
  deprovisions: number;
  /** Live at the end of the day (or now, for today). */
  active: number;
  requests: number;
  batches: number;
  lost_lines: number;
  parse_errors: number;
}

export interface ResourceHealth {
  id: string;
  seq: number;
  plan: PlanName;
  region: string;
  requests: number;
  batches: number;
  parse_errors: number;
  /** parse errors ÷ (router lines + parse errors) in the period, percent; null without traffic. */
  parse_error_percent: number | null;
  /** ISO time of the last accepted drain batch in the period, null if none. */
  last_batch_at: string | null;
  /** Sent batches in the period, but none for the stale-drain hours. */
  stale: boolean;
  /** The Platform API token (none without an OAuth grant), and why it is pending or failed. */
  token_state: TokenState;
  token_reason: string | null;
  /** The last credential rotation: none, ok, or rolled_back (with the reason). */
  rotation_state: RotationState;
  rotation_reason: string | null;
  /** While a credential rotation's overlap lasts, the ISO time the previous credentials stop working. */
  rotation_overlap_until: string | null;
  /** Milestone log lines recorded but not yet delivered to the app's log. */
  milestones_pending: number;
}

/** What the Heroku-facing side knows of one add-on (platform/). */
export interface PlatformFacts {
  resourceSeq: number;
  tokenState: TokenState;
  tokenReason: string | null;
  rotationState: RotationState;
  rotationReason: string | null;
  /** Unix ms the previous credentials expire, when a rotation's overlap is running. */
  rotationOverlapUntil: number | null;
  milestonesPending: number;
}

export interface FleetReport {
  period: { from: string; to: string; generated_at: string };
  installs: {
    active: number;
    by_plan: Record<PlanName, number>;
    by_region: Record<string, number>;
    provisions: number;
    deprovisions: number;
    /** Deprovisions in the period ÷ add-ons live at its start, percent; null when none were. */
    churn_percent: number | null;
    /** Mean lifetime of the add-ons deprovisioned so far, in days; null when none was. */
    average_lifetime_days: number | null;
  };
  revenue: RevenueEstimate;
  traffic: { requests: number; batches: number; lost_lines: number; parse_errors: number; busiest: { id: string; requests: number }[] };
  reliability: {
    batches_refused: number;
    batches_5xx: number;
    /** Batches Logplex sent again whose Frame-Id was already counted (counted once). */
    retries: number;
    stale_drains: number;
    /** Add-ons whose Platform API token exchange or refresh failed. */
    tokens_failed: number;
    milestones_pending: number;
  };
  days: DayFigures[];
  resources: ResourceHealth[];
  /** The stored `process_stats` columns, times as ISO strings. */
  processes: (ProcessStatsColumns & { started_at: string; seen_at: string })[];
}

export interface FleetFacts {
  resources: readonly ResourceLifetime[];
  events: readonly PlanEvent[];
  ingest: readonly IngestDay[];
  processes: readonly ProcessStats[];
  platform: readonly PlatformFacts[];
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 100_000) / 1000 : null);
const liveAt = (r: ResourceLifetime, t: number): boolean => r.createdAt.getTime() <= t && (r.deletedAt === null || r.deletedAt.getTime() > t);
const within = (d: Date | null, from: number, to: number): boolean => d !== null && d.getTime() >= from && d.getTime() < to;

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function installs(resources: readonly ResourceLifetime[], from: number, to: number, now: Date): FleetReport['installs'] {
  const live = resources.filter((r) => r.deletedAt === null);
  const byPlan = Object.fromEntries(PLAN_NAMES.map((plan) => [plan, 0])) as Record<PlanName, number>;
  for (const r of live) byPlan[r.plan]++;
  const deprovisions = resources.filter((r) => within(r.deletedAt, from, to)).length;
  const liveAtStart = resources.filter((r) => liveAt(r, from)).length;
  const ended = resources.filter((r) => r.deletedAt !== null && r.deletedAt.getTime() <= now.getTime());
  const lifetimeMs = ended.reduce((sum, r) => sum + ((r.deletedAt as Date).getTime() - r.createdAt.getTime()), 0);
  return {
    active: live.length,
    by_plan: byPlan,
    by_region: countBy(live, (r) => r.region),
    provisions: resources.filter((r) => within(r.createdAt, from, to)).length,
    deprovisions,
    churn_percent: percent(deprovisions, liveAtStart),
    average_lifetime_days: ended.length > 0 ? Math.round((lifetimeMs / ended.length / DAY_MS) * 100) / 100 : null,
  };
}

function dayFigures(facts: FleetFacts, from: number, to: number, now: Date): DayFigures[] {
  const days: DayFigures[] = [];
  for (let day = from; day < to; day += DAY_MS) {
    const end = Math.min(day + DAY_MS, now.getTime());
    const rows = facts.ingest.filter((row) => row.day * 1000 === day);
    days.push({
      day: isoDay(day),
      provisions: facts.resources.filter((r) => within(r.createdAt, day, day + DAY_MS)).length,
      deprovisions: facts.resources.filter((r) => within(r.deletedAt, day, day + DAY_MS)).length,
      active: facts.resources.filter((r) => liveAt(r, end - 1)).length,
      requests: rows.reduce((n, row) => n + row.lines, 0),
      batches: rows.reduce((n, row) => n + row.batches, 0),
      lost_lines: rows.reduce((n, row) => n + row.lostLines, 0),
      parse_errors: rows.reduce((n, row) => n + row.parseErrors, 0),
    });
  }
  return days;
}

function resourceHealth(facts: FleetFacts, now: Date, staleDrainHours: number): ResourceHealth[] {
  const staleBefore = now.getTime() / 1000 - staleDrainHours * 3600;
  return facts.resources
    .filter((r) => r.deletedAt === null)
    .map((r) => {
      const rows = facts.ingest.filter((row) => row.resourceSeq === r.seq);
      const requests = rows.reduce((n, row) => n + row.lines, 0);
      const parseErrors = rows.reduce((n, row) => n + row.parseErrors, 0);
      const last = rows.reduce((t, row) => Math.max(t, row.lastBatchAt), 0);
      const platform = facts.platform.find((p) => p.resourceSeq === r.seq);
      const overlap = platform?.rotationOverlapUntil ?? null;
      return {
        id: r.id,
        seq: r.seq,
        plan: r.plan,
        region: r.region,
        requests,
        batches: rows.reduce((n, row) => n + row.batches, 0),
        parse_errors: parseErrors,
        parse_error_percent: percent(parseErrors, requests + parseErrors),
        last_batch_at: last > 0 ? new Date(last * 1000).toISOString() : null,
        stale: last > 0 && last < staleBefore,
        token_state: platform?.tokenState ?? 'none',
        token_reason: platform?.tokenReason ?? null,
        rotation_state: platform?.rotationState ?? 'none',
        rotation_reason: platform?.rotationReason ?? null,
        rotation_overlap_until: overlap !== null && overlap > now.getTime() ? new Date(overlap).toISOString() : null,
        milestones_pending: platform?.milestonesPending ?? 0,
      };
    });
}

/** Pure: the report from the facts, for a period and a clock. */
export function buildFleetReport(facts: FleetFacts, period: ReportPeriod, now: Date, staleDrainHours: number): FleetReport {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const resources = resourceHealth(facts, now, staleDrainHours);
  const sum = (pick: (row: IngestDay) => number) => facts.ingest.reduce((n, row) => n + pick(row), 0);
  const seen = facts.processes.filter((p) => now.getTime() - p.seenAt.getTime() <= PROCESS_SEEN_MS);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), generated_at: now.toISOString() },
    installs: installs(facts.resources, from, to, now),
    revenue: revenueEstimate(facts.resources, planSpans(facts.resources, facts.events, now), now, { from, to: Math.min(to, now.getTime()) }),
    traffic: {
      requests: sum((row) => row.lines),
      batches: sum((row) => row.batches),
      lost_lines: sum((row) => row.lostLines),
      parse_errors: sum((row) => row.parseErrors),
      busiest: resources
        .filter((r) => r.requests > 0)
        .sort((a, b) => b.requests - a.requests || a.seq - b.seq)
        .slice(0, BUSIEST)
        .map((r) => ({ id: r.id, requests: r.requests })),
    },
    reliability: {
      batches_refused: sum((row) => row.refused),
      batches_5xx: sum((row) => row.serverErrors),
      retries: sum((row) => row.duplicates),
      stale_drains: resources.filter((r) => r.stale).length,
      tokens_failed: resources.filter((r) => r.token_state === 'failed').length,
      milestones_pending: resources.reduce((n, r) => n + r.milestones_pending, 0),
    },
    days: dayFigures(facts, from, to, now),
    resources,
    processes: seen.map((p) => ({
      process_id: p.processId,
      started_at: p.startedAt.toISOString(),
      seen_at: p.seenAt.toISOString(),
      commit_p50_ms: p.commitP50Ms,
      commit_p99_ms: p.commitP99Ms,
      group_size_mean: p.groupSizeMean,
      queue_depth: p.queueDepth,
      event_loop_lag_p99_ms: p.eventLoopLagP99Ms,
      drain_5xx: p.drain5xx,
    })),
  };
}

/** The last `days` whole UTC days up to and including today. */
export function lastDays(days: number, now: Date): ReportPeriod {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - (days - 1) * DAY_MS), to: new Date(today + DAY_MS) };
}

export interface ReportSettings {
  staleDrainHours: number;
  /** How long a rotation's previous credentials keep working (VANITY_ROTATION_OVERLAP_SECONDS). */
  rotationOverlapSeconds: number;
}

async function platformFacts(store: PlatformStore, rotationOverlapSeconds: number): Promise<PlatformFacts[]> {
  const records = await store.listPlatform();
  return Promise.all(
    records.map(async (p) => ({
      resourceSeq: p.resourceSeq,
      tokenState: p.tokenState,
      tokenReason: p.tokenReason,
      rotationState: p.rotationState,
      rotationReason: p.rotationReason,
      rotationOverlapUntil: p.rotationState === 'ok' && p.rotatedAt !== null ? (p.rotatedAt + rotationOverlapSeconds) * 1000 : null,
      milestonesPending: (await store.listMilestones(p.resourceSeq)).filter((m) => m.delivery === 'pending' || m.delivery === 'sending').length,
    })),
  );
}

/** Reads the facts for the period from the store and builds the report. */
export async function fleetReport(store: OperatorStore & PlatformStore, period: ReportPeriod, now: Date, settings: ReportSettings): Promise<FleetReport> {
  const [resources, events, ingest, processes, platform] = await Promise.all([
    store.listResourceLifetimes(),
    store.listPlanEvents(),
    store.readIngestDays(period.from.getTime() / 1000, period.to.getTime() / 1000),
    store.readProcessStats(new Date(now.getTime() - PROCESS_SEEN_MS)),
    platformFacts(store, settings.rotationOverlapSeconds),
  ]);
  return buildFleetReport({ resources, events, ingest, processes, platform }, period, now, settings.staleDrainHours);
}
