import { DateTime } from 'luxon';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import { milestonesUpTo } from '../milestones/milestones.js';
import type { MilestoneItem } from '../milestones/milestone-report.js';
import { formatCount } from './format.js';

const LOG_LINE: Record<MilestoneItem['log_line'], string> = {
  sent: 'written to your app\'s log',
  pending: 'being written to your app\'s log',
  sending: 'being written to your app\'s log',
  failed: 'could not be written to your app\'s log',
  no_log_input: '',
};

/** The milestone after `total`: 1,000, then every power of ten. */
function nextMilestone(total: number): number {
  const reached = milestonesUpTo(total);
  return (reached[reached.length - 1] ?? 100) * 10;
}

/**
 * Under the headline: the latest milestone the all-time total reached (when, and whether its
 * line reached the app's log), the next one, and every earlier one on hover.
 */
export function milestonesLine(milestones: readonly MilestoneItem[], total: number, tz: string): SafeHtml {
  const next = nextMilestone(total);
  const toGo = html`next: <strong>${formatCount(next)}</strong>, ${formatCount(next - total)} to go`;
  const latest = milestones[milestones.length - 1];
  if (!latest) {
    // Past 1,000 with none recorded: the platform job has not looked yet (it runs every few seconds).
    const which = total < 1000 ? 'First milestone' : 'Next milestone';
    return html`<p class="milestones subtle" data-testid="milestones">${which} at <strong>${formatCount(next)}</strong> requests: ${formatCount(next - total)} to go. Vanity writes a line into your app's log when it is reached.</p>`;
  }
  const when = (m: MilestoneItem) => DateTime.fromISO(m.reached_at, { zone: tz }).toFormat('MMM d yyyy, HH:mm');
  const all = milestones.map((m) => `${formatCount(m.value)}: ${when(m)}`).join('\n');
  const log = LOG_LINE[latest.log_line];
  return html`<p class="milestones" data-testid="milestones" title="${all}"><span aria-hidden="true">🏆</span> <strong>${formatCount(latest.value)}</strong> requests reached ${when(latest)}${log ? ` · ${log}` : ''} · ${toGo}</p>`;
}
