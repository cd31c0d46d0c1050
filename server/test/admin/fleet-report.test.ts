import { expect } from 'chai';
import { buildFleetReport, lastDays } from '../../src/admin/fleet-report.js';
import type { FleetFacts } from '../../src/admin/fleet-report.js';
import { earnedCents, planSpans } from '../../src/admin/revenue.js';
import type { IngestDay, PlanEvent, ResourceLifetime } from '../../src/model/operator.js';
import type { PlanName } from '../../src/model/plans.js';

const t = (iso: string) => new Date(iso);
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

function resource(seq: number, plan: PlanName, created: string, deleted: string | null = null, region = 'us'): ResourceLifetime {
  return { seq, id: `r${seq}`, plan, region, createdAt: t(created), deletedAt: deleted === null ? null : t(deleted) };
}

function ingest(seq: number, isoDay: string, rows: Partial<IngestDay> = {}): IngestDay {
  return { day: day(isoDay), resourceSeq: seq, batches: 0, duplicates: 0, refused: 0, serverErrors: 0, lines: 0, lostLines: 0, parseErrors: 0, lastBatchAt: 0, ...rows };
}

// A constructed fleet; "now" is 2026-12-16T12:00:00Z (December has 31 days, November 30).
const NOW = t('2026-12-16T12:00:00Z');
const resources: ResourceLifetime[] = [
  // pro all of November and to now
  resource(1, 'pro', '2026-10-20T00:00:00Z'),
  // hobby from Nov 10, pro from Nov 25 12:00, deprovisioned Dec 6 00:00
  resource(2, 'pro', '2026-11-10T00:00:00Z', '2026-12-06T00:00:00Z', 'eu'),
  // free, provisioned Dec 1, live
  resource(3, 'hobby', '2026-12-01T00:00:00Z'),
  // test plan, lived two days in November
  resource(4, 'test', '2026-11-03T00:00:00Z', '2026-11-05T00:00:00Z'),
];
const events: PlanEvent[] = [
  { resourceSeq: 1, plan: 'pro', region: 'us', at: t('2026-10-20T00:00:00Z') },
  { resourceSeq: 2, plan: 'hobby', region: 'eu', at: t('2026-11-10T00:00:00Z') },
  { resourceSeq: 2, plan: 'pro', region: 'eu', at: t('2026-11-25T12:00:00Z') },
  { resourceSeq: 3, plan: 'hobby', region: 'us', at: t('2026-12-01T00:00:00Z') },
  { resourceSeq: 4, plan: 'test', region: 'us', at: t('2026-11-03T00:00:00Z') },
];
const facts = (ingestRows: IngestDay[] = [], platform: FleetFacts['platform'] = []): FleetFacts => ({ resources, events, ingest: ingestRows, processes: [], platform });

describe('the operator report from a constructed fleet', () => {
  it('plan spans follow plan changes and end at deprovision or now', () => {
    const spans = planSpans(resources, events, NOW);
    expect(spans.filter((s) => s.resourceSeq === 2)).to.deep.equal([
      { resourceSeq: 2, plan: 'hobby', from: Date.parse('2026-11-10T00:00:00Z'), to: Date.parse('2026-11-25T12:00:00Z') },
      { resourceSeq: 2, plan: 'pro', from: Date.parse('2026-11-25T12:00:00Z'), to: Date.parse('2026-12-06T00:00:00Z') },
    ]);
    expect(spans.find((s) => s.resourceSeq === 1)?.to).to.equal(NOW.getTime());
  });

  it('bills to the second, month by month: MRR, month to date and the previous month to the cent', () => {
    const report = buildFleetReport(facts(), lastDays(30, NOW), NOW, 6);
    // MRR: live resources 1 (pro, $29) and 3 (hobby, free).
    expect(report.revenue.mrr_cents).to.equal(2900);
    // December to date: r1 15.5 days of 31 → 2900 × 15.5/31 = 1450; r2 5 days of 31 → 2900 × 5/31 = 467.74…
    expect(report.revenue.month_to_date_cents).to.equal(Math.round(1450 + (2900 * 5) / 31));
    expect(report.revenue.month_to_date_cents).to.equal(1918);
    // November: r1 the whole month (2900); r2 pro for 5.5 of 30 days = 531.67; test and hobby free.
    expect(report.revenue.previous_month_cents).to.equal(Math.round(2900 + (2900 * 5.5) / 30));
    expect(report.revenue.previous_month_cents).to.equal(3432);
  });

  it('splits a span that crosses a month boundary at the boundary', () => {
    const spans = planSpans(resources, events, NOW).filter((s) => s.resourceSeq === 2 && s.plan === 'pro');
    const acrossBoundary = earnedCents(spans, Date.parse('2026-11-30T00:00:00Z'), Date.parse('2026-12-02T00:00:00Z'));
    expect(acrossBoundary).to.be.closeTo(2900 / 30 + 2900 / 31, 1e-9);
  });

  it('counts installs: active by plan and region, provisions, deprovisions, churn, lifetime', () => {
    const period = { from: t('2026-12-01T00:00:00Z'), to: t('2026-12-17T00:00:00Z') };
    const report = buildFleetReport(facts(), period, NOW, 6);
    expect(report.installs).to.deep.equal({
      active: 2,
      by_plan: { test: 0, hobby: 1, pro: 1 },
      by_region: { us: 2 },
      provisions: 1,
      deprovisions: 1,
      // live at Dec 1 00:00: r1, r2, r3 (created exactly then) → 1 of 3
      churn_percent: 33.333,
      // r2 lived 26 days, r4 2 days
      average_lifetime_days: 14,
    });
    const dec6 = report.days.find((d) => d.day === '2026-12-06');
    expect(dec6).to.include({ provisions: 0, deprovisions: 1, active: 2 });
    expect(report.days.find((d) => d.day === '2026-12-05')).to.include({ active: 3 });
    expect(report.days).to.have.length(16);
  });

  it('sums ingest, ranks the busiest and flags a drain that went quiet after sending', () => {
    const quietSince = Date.parse('2026-12-16T05:00:00Z') / 1000; // 7 hours before now
    const report = buildFleetReport(
      facts([
        ingest(1, '2026-12-15', { batches: 10, lines: 1000, parseErrors: 1, lastBatchAt: day('2026-12-15') + 3600 }),
        ingest(1, '2026-12-16', { batches: 5, lines: 500, duplicates: 2, refused: 1, serverErrors: 1, lastBatchAt: quietSince }),
        ingest(3, '2026-12-16', { batches: 1, lines: 3000, lostLines: 4, lastBatchAt: Date.parse('2026-12-16T11:59:00Z') / 1000 }),
      ]),
      lastDays(7, NOW),
      NOW,
      6,
    );
    expect(report.traffic).to.deep.equal({
      requests: 4500,
      batches: 16,
      lost_lines: 4,
      parse_errors: 1,
      busiest: [
        { id: 'r3', requests: 3000 },
        { id: 'r1', requests: 1500 },
      ],
    });
    expect(report.reliability).to.deep.equal({ batches_refused: 1, batches_5xx: 1, retries: 2, stale_drains: 1, tokens_failed: 0, milestones_pending: 0 });
    const r1 = report.resources.find((r) => r.id === 'r1');
    expect(r1).to.include({ stale: true, last_batch_at: '2026-12-16T05:00:00.000Z', parse_errors: 1 });
    expect(r1?.parse_error_percent).to.equal(0.067);
    expect(report.resources.find((r) => r.id === 'r3')).to.include({ stale: false });
    expect(report.days.at(-1)).to.include({ day: '2026-12-16', requests: 3500, batches: 6 });
  });

  it('never flags a drain that never sent anything as stale', () => {
    const report = buildFleetReport(facts(), lastDays(7, NOW), NOW, 6);
    expect(report.resources.every((r) => !r.stale && r.last_batch_at === null)).to.equal(true);
  });

  it('shows each add-on’s Platform API token, the last rotation (a rollback with its reason, an overlap while it lasts), and pending milestone lines', () => {
    const report = buildFleetReport(
      facts([], [
        { resourceSeq: 1, tokenState: 'failed', tokenReason: 'grant expired before it could be exchanged', rotationState: 'rolled_back', rotationReason: 'updating VANITY_URL failed: 503', rotationOverlapUntil: null, milestonesPending: 0 },
        { resourceSeq: 3, tokenState: 'ok', tokenReason: null, rotationState: 'ok', rotationReason: null, rotationOverlapUntil: NOW.getTime() + 3600_000, milestonesPending: 2 },
      ]),
      lastDays(7, NOW),
      NOW,
      6,
    );
    expect(report.resources.map((r) => [r.id, r.token_state, r.token_reason, r.rotation_state, r.rotation_reason, r.rotation_overlap_until, r.milestones_pending])).to.deep.equal([
      ['r1', 'failed', 'grant expired before it could be exchanged', 'rolled_back', 'updating VANITY_URL failed: 503', null, 0],
      ['r3', 'ok', null, 'ok', null, '2026-12-16T13:00:00.000Z', 2],
    ]);
    expect(report.reliability).to.include({ tokens_failed: 1, milestones_pending: 2 });
    const ended = buildFleetReport(facts([], [{ resourceSeq: 3, tokenState: 'ok', tokenReason: null, rotationState: 'ok', rotationReason: null, rotationOverlapUntil: NOW.getTime() - 1, milestonesPending: 0 }]), lastDays(7, NOW), NOW, 6);
    expect(ended.resources.find((r) => r.id === 'r3')?.rotation_overlap_until).to.equal(null);
    expect(ended.resources.find((r) => r.id === 'r1')).to.include({ token_state: 'none', rotation_state: 'none', rotation_reason: null });
  });
});
