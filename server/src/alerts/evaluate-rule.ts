import { DateTime } from 'luxon';
import type { RuleParams, RuleState } from '../model/alerts.js';

/**
 * Alert evaluation as plain functions: a rule, the minute series around now, and the clock in;
 * a measurement and the rule's next state out. Nothing here reads a store or a real clock.
 */

export interface MinuteCounts {
  requests: number;
  errors: number;
  lost: number;
  /** Router error codes seen in the minute (H12 → 3). */
  codes: Readonly<Record<string, number>>;
}

export interface AlertSeries {
  /** Minute rows by bucket start (unix seconds); a missing minute had nothing. */
  minutes: ReadonlyMap<number, MinuteCounts>;
  /** Requests per UTC hour (bucket start, unix seconds), for baselines older than the minute rows. */
  hours: ReadonlyMap<number, number>;
  /** Minute rows are complete from this time on (unix seconds); older windows are read from hours. */
  minutesFrom: number;
}

export interface Measurement {
  /** Percent (error rate, share of last week's traffic) or a count; null when the rule does not apply. */
  value: number | null;
  /** The condition holds: a quiet rule fires. */
  breached: boolean;
  /** Clearly back to normal: a firing rule counts this towards resolving. */
  recovered: boolean;
}

/** A firing rule resolves only after this many recovered evaluations in a row. */
export const RESOLVE_AFTER_EVALUATIONS = 2;
/**
 * To count as recovered the value must be this far on the good side of the threshold (20 %),
 * so a value hovering at the threshold does not fire and resolve every other minute.
 */
export const RECOVERY_MARGIN = 0.2;

/** The complete minutes a rule looks at when evaluated at `now`: the last N before the current one. */
export function windowAt(now: Date, windowMinutes: number): { from: number; to: number } {
  const to = Math.floor(now.getTime() / 60_000) * 60;
  return { from: to - windowMinutes * 60, to };
}

/**
 * The same local minutes one week earlier in `zone`: across a DST change the app's traffic keeps
 * its local hours, so the baseline ends a week of local time back (not 168 hours) and is as long
 * as the window, also when a DST change falls inside it.
 */
export function baselineWindow(window: { from: number; to: number }, zone: string): { from: number; to: number } {
  const to = Math.round(DateTime.fromSeconds(window.to, { zone }).minus({ weeks: 1 }).toSeconds());
  return { from: to - (window.to - window.from), to };
}

function sumMinutes(series: AlertSeries, from: number, to: number, pick: (m: MinuteCounts) => number): number {
  let sum = 0;
  for (let t = from; t < to; t += 60) {
    const minute = series.minutes.get(t);
    if (minute) sum += pick(minute);
  }
  return sum;
}

/** Requests in [from, to): minute rows where kept, else each UTC hour by its overlap with the window. */
function requestsIn(series: AlertSeries, from: number, to: number): number {
  if (from >= series.minutesFrom) return sumMinutes(series, from, to, (m) => m.requests);
  let sum = 0;
  for (let hour = Math.floor(from / 3600) * 3600; hour < to; hour += 3600) {
    const overlap = Math.min(to, hour + 3600) - Math.max(from, hour);
    sum += ((series.hours.get(hour) ?? 0) * overlap) / 3600;
  }
  return sum;
}

const round = (value: number) => Math.round(value * 100) / 100;

function countAgainst(count: number, threshold: number): Measurement {
  return { value: count, breached: count >= threshold, recovered: count < threshold * (1 - RECOVERY_MARGIN) };
}

/** The rule's value over its window at `now` and whether it is breached or recovered. */
export function measure(params: RuleParams, series: AlertSeries, now: Date, zone: string): Measurement {
  const { from, to } = windowAt(now, params.window_minutes);
  switch (params.kind) {
    case 'error_rate': {
      const requests = sumMinutes(series, from, to, (m) => m.requests);
      const errors = sumMinutes(series, from, to, (m) => m.errors);
      if (requests === 0 || requests < params.min_requests) return { value: null, breached: false, recovered: true };
      const percent = (100 * errors) / requests;
      return {
        value: round(percent),
        breached: percent >= params.threshold_percent,
        recovered: percent < params.threshold_percent * (1 - RECOVERY_MARGIN),
      };
    }
    case 'router_error':
      return countAgainst(
        sumMinutes(series, from, to, (m) => m.codes[params.code] ?? 0),
        params.threshold_count,
      );
    case 'lost_lines':
      return countAgainst(
        sumMinutes(series, from, to, (m) => m.lost),
        params.threshold_count,
      );
    case 'traffic_anomaly': {
      const current = sumMinutes(series, from, to, (m) => m.requests);
      const week = baselineWindow({ from, to }, zone);
      const baseline = requestsIn(series, week.from, week.to);
      if (baseline < params.min_baseline_requests) return { value: null, breached: false, recovered: true };
      const percent = (100 * current) / baseline;
      const limit = params.threshold_percent;
      if (params.direction === 'below') {
        return { value: round(percent), breached: percent < limit, recovered: percent >= limit * (1 + RECOVERY_MARGIN) };
      }
      return { value: round(percent), breached: percent > limit, recovered: percent <= limit * (1 - RECOVERY_MARGIN) };
    }
  }
}

export type Transition = 'firing' | 'resolved';

/**
 * Hysteresis: a quiet rule fires at the first breached evaluation; a firing rule resolves after
 * RESOLVE_AFTER_EVALUATIONS recovered ones in a row. In between (neither breached nor clearly
 * recovered) it keeps firing and the streak starts over.
 */
export function nextState(state: RuleState, measurement: Measurement, newEventId: () => string): { state: RuleState; transition: Transition | null } {
  if (!state.firing) {
    if (!measurement.breached) return { state, transition: null };
    return { state: { firing: true, clearStreak: 0, eventId: newEventId() }, transition: 'firing' };
  }
  if (!measurement.recovered) return { state: { ...state, clearStreak: 0 }, transition: null };
  const clearStreak = state.clearStreak + 1;
  if (clearStreak < RESOLVE_AFTER_EVALUATIONS) return { state: { ...state, clearStreak }, transition: null };
  return { state: { firing: false, clearStreak: 0, eventId: null }, transition: 'resolved' };
}
