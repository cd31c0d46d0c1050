import type { PlanEvent, ResourceLifetime } from '../model/operator.js';
import { PLANS } from '../model/plans.js';
import type { PlanName } from '../model/plans.js';

/** A stretch of time a resource spent on one plan: [from, to) in unix milliseconds. */
export interface PlanSpan {
  resourceSeq: number;
  plan: PlanName;
  from: number;
  to: number;
}

/**
 * Each resource's time on each plan, from its plan events, ending at deprovision or `now`.
 * A resource with no event (none recorded yet) spent its whole life on its current plan.
 */
export function planSpans(resources: readonly ResourceLifetime[], events: readonly PlanEvent[], now: Date): PlanSpan[] {
  const byResource = new Map<number, PlanEvent[]>();
  for (const event of events) {
    const list = byResource.get(event.resourceSeq) ?? [];
    list.push(event);
    byResource.set(event.resourceSeq, list);
  }
  const spans: PlanSpan[] = [];
  for (const r of resources) {
    const end = Math.min((r.deletedAt ?? now).getTime(), now.getTime());
    const list = (byResource.get(r.seq) ?? [{ resourceSeq: r.seq, plan: r.plan, region: r.region, at: r.createdAt }]).slice().sort((a, b) => a.at.getTime() - b.at.getTime());
    list.forEach((event, i) => {
      const from = Math.max(event.at.getTime(), r.createdAt.getTime());
      const to = Math.min(list[i + 1]?.at.getTime() ?? end, end);
      if (to > from) spans.push({ resourceSeq: r.seq, plan: event.plan, from, to });
    });
  }
  return spans;
}

const monthStart = (year: number, month: number): number => Date.UTC(year, month, 1);

/**
 * Heroku bills to the second: a span earns its plan's monthly price × seconds in the window ÷
 * seconds in that calendar month (UTC), month by month. Fractional cents, rounded only by the caller.
 */
export function earnedCents(spans: readonly PlanSpan[], from: number, to: number): number {
  let cents = 0;
  for (const span of spans) {
    const price = PLANS[span.plan].priceCentsPerMonth;
    if (price === 0) continue;
    let start = Math.max(span.from, from);
    const end = Math.min(span.to, to);
    while (start < end) {
      const d = new Date(start);
      const thisMonth = monthStart(d.getUTCFullYear(), d.getUTCMonth());
      const nextMonth = monthStart(d.getUTCFullYear(), d.getUTCMonth() + 1);
      const stop = Math.min(end, nextMonth);
      cents += (price * (stop - start)) / (nextMonth - thisMonth);
      start = stop;
    }
  }
  return cents;
}

/** Monthly recurring revenue now: the monthly price of every live resource's plan, in cents. */
export function mrrCents(resources: readonly ResourceLifetime[]): number {
  return resources.filter((r) => r.deletedAt === null).reduce((sum, r) => sum + PLANS[r.plan].priceCentsPerMonth, 0);
}

export interface RevenueEstimate {
  currency: 'USD';
  mrr_cents: number;
  month_to_date_cents: number;
  previous_month_cents: number;
  period_cents: number;
}

export function revenueEstimate(
  resources: readonly ResourceLifetime[],
  spans: readonly PlanSpan[],
  now: Date,
  period: { from: number; to: number },
): RevenueEstimate {
  const thisMonth = monthStart(now.getUTCFullYear(), now.getUTCMonth());
  const previousMonth = monthStart(now.getUTCFullYear(), now.getUTCMonth() - 1);
  return {
    currency: 'USD',
    mrr_cents: mrrCents(resources),
    month_to_date_cents: Math.round(earnedCents(spans, thisMonth, now.getTime())),
    previous_month_cents: Math.round(earnedCents(spans, previousMonth, thisMonth)),
    period_cents: Math.round(earnedCents(spans, period.from, period.to)),
  };
}
