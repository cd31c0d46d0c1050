import { formatCount } from '../dashboard/format.js';
import { DAY_MS } from './fleet-report.js';
import type { FleetReport, ReportPeriod } from './fleet-report.js';

const dollars = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const orDash = (value: number | null, unit = ''): string => (value === null ? '–' : `${value}${unit}`);
const row = (label: string, value: string): string => `  ${label.padEnd(26)}${value}`;

/** `--since 2026-11-01 --until 2026-11-30` (both whole UTC days, inclusive) or `--days N` up to today. */
export function reviewPeriod(args: { since?: string; until?: string; days?: string }, now: Date): ReportPeriod {
  const day = (value: string, flag: string): number => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms)) throw new Error(`${flag}: expected a UTC day as YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return ms;
  };
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (args.days !== undefined && (args.since !== undefined || args.until !== undefined)) throw new Error('--days: give either --days or --since/--until');
  if (args.days !== undefined) {
    const days = /^\d{1,4}$/.test(args.days) ? Number(args.days) : NaN;
    if (!(days >= 1 && days <= 400)) throw new Error(`--days: expected 1 to 400, got ${JSON.stringify(args.days)}`);
    return { from: new Date(today - (days - 1) * DAY_MS), to: new Date(today + DAY_MS) };
  }
  const to = args.until === undefined ? today + DAY_MS : day(args.until, '--until') + DAY_MS;
  const from = args.since === undefined ? to - 30 * DAY_MS : day(args.since, '--since');
  if (from >= to) throw new Error('--since: must be on or before --until');
  if ((to - from) / DAY_MS > 400) throw new Error('--since: at most 400 days per report');
  return { from: new Date(from), to: new Date(to) };
}

/** The review report as text: the figures of the console, for the "how did it go" write-up. */
export function reviewText(report: FleetReport): string {
  const i = report.installs;
  const r = report.revenue;
  const t = report.traffic;
  const rel = report.reliability;
  const last = new Date(Date.parse(report.period.to) - 1).toISOString().slice(0, 10);
  const lines = [
    `Vanity review, ${report.period.from.slice(0, 10)} to ${last} (UTC)`,
    '',
    'Users',
    row('active add-ons', `${formatCount(i.active)} (${Object.entries(i.by_plan).map(([p, n]) => `${p} ${n}`).join(', ')})`),
    row('regions', Object.entries(i.by_region).map(([region, n]) => `${region} ${n}`).join(', ') || '–'),
    row('provisions', formatCount(i.provisions)),
    row('deprovisions', formatCount(i.deprovisions)),
    row('churn', orDash(i.churn_percent, ' %')),
    row('average lifetime', orDash(i.average_lifetime_days, ' days')),
    '',
    `Revenue (estimate, ${r.currency})`,
    row('MRR now', dollars(r.mrr_cents)),
    row('month to date', dollars(r.month_to_date_cents)),
    row('previous month', dollars(r.previous_month_cents)),
    row('this period', dollars(r.period_cents)),
    '',
    'Traffic',
    row('requests', formatCount(t.requests)),
    row('drain batches', formatCount(t.batches)),
    row('lost lines (L10)', formatCount(t.lost_lines)),
    row('parse errors', formatCount(t.parse_errors)),
    ...t.busiest.slice(0, 5).map((b, n) => row(n === 0 ? 'busiest' : '', `${b.id} ${formatCount(b.requests)}`)),
    '',
    'Reliability',
    row('batches refused', `${formatCount(rel.batches_refused)} (5xx: ${formatCount(rel.batches_5xx)})`),
    row('retries (counted once)', formatCount(rel.retries)),
    row('stale drains', `${rel.stale_drains}`),
    ...report.resources.filter((x) => x.stale).map((x) => row('', `${x.id} last batch ${x.last_batch_at ?? 'never'}`)),
    row('Platform API tokens failed', `${rel.tokens_failed}`),
    ...report.resources.filter((x) => x.token_state === 'failed').map((x) => row('', `${x.id}: ${x.token_reason ?? 'no reason recorded'}`)),
    row('milestone lines pending', `${rel.milestones_pending}`),
    '',
    'Performance (processes seen in the last 10 minutes)',
    ...(report.processes.length === 0
      ? [row('none', '')]
      : report.processes.map((p) =>
          row(
            p.process_id,
            `commit p50 ${orDash(p.commit_p50_ms, ' ms')}, p99 ${orDash(p.commit_p99_ms, ' ms')}, group ${orDash(p.group_size_mean)}, queue ${p.queue_depth}, event-loop lag p99 ${orDash(p.event_loop_lag_p99_ms, ' ms')}`,
          ),
        )),
  ];
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}
