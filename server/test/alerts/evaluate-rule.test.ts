import { expect } from 'chai';
import { QUIET_STATE } from '../../src/model/alerts.js';
import type { RuleParams, RuleState } from '../../src/model/alerts.js';
import { baselineWindow, measure, nextState, RESOLVE_AFTER_EVALUATIONS, windowAt } from '../../src/alerts/evaluate-rule.js';
import type { AlertSeries, MinuteCounts } from '../../src/alerts/evaluate-rule.js';

const s = (iso: string) => Date.parse(iso) / 1000;

/** Minute rows from `{ '10:01': {...} }` on a given UTC day. */
function series(day: string, rows: Record<string, Partial<MinuteCounts>>, extra: Partial<AlertSeries> = {}): AlertSeries {
  const minutes = new Map<number, MinuteCounts>();
  for (const [hhmm, row] of Object.entries(rows)) {
    minutes.set(s(`${day}T${hhmm}:00Z`), { requests: 0, errors: 0, lost: 0, codes: {}, ...row });
  }
  return { minutes, hours: new Map(), minutesFrom: -Infinity, ...extra };
}

const errorRate: RuleParams = { kind: 'error_rate', window_minutes: 5, threshold_percent: 10, min_requests: 20 };

/** Runs a rule minute by minute from `start`, returning the transitions and the values. */
function run(params: RuleParams, data: AlertSeries, times: string[], zone = 'UTC') {
  let state: RuleState = QUIET_STATE;
  let n = 0;
  return times.map((time) => {
    const m = measure(params, data, new Date(time), zone);
    const step = nextState(state, m, () => `event-${++n}`);
    state = step.state;
    return { time: time.slice(11, 16), value: m.value, transition: step.transition, firing: state.firing };
  });
}

describe('alert evaluation (plain functions over minute series)', () => {
  it('looks at the last N complete minutes before now', () => {
    expect(windowAt(new Date('2026-11-23T10:05:10Z'), 5)).to.deep.equal({ from: s('2026-11-23T10:00:00Z'), to: s('2026-11-23T10:05:00Z') });
  });

  it('error rate: fires once when it starts, stays firing, resolves once after recovered minutes', () => {
    const day = '2026-11-23';
    const rows: Record<string, Partial<MinuteCounts>> = {};
    for (let m = 0; m < 30; m++) rows[`10:${String(m).padStart(2, '0')}`] = { requests: 100, errors: m >= 10 && m < 13 ? 50 : 0 };
    const steps = run(errorRate, series(day, rows), ['10:10:10', '10:11:10', '10:14:10', '10:16:10', '10:18:10', '10:19:10', '10:20:10'].map((t) => `${day}T${t}Z`));
    expect(steps.map((st) => [st.time, st.value, st.transition])).to.deep.equal([
      ['10:10', 0, null],
      ['10:11', 10, 'firing'], // 50 errors of 500 requests in 10:06–10:10
      ['10:14', 30, null],
      ['10:16', 20, null],
      ['10:18', 0, null], // first recovered evaluation
      ['10:19', 0, 'resolved'],
      ['10:20', 0, null],
    ]);
  });

  it('error rate: ignores windows with fewer than min_requests requests', () => {
    const data = series('2026-11-23', { '10:00': { requests: 19, errors: 19 } });
    expect(measure(errorRate, data, new Date('2026-11-23T10:01:00Z'), 'UTC')).to.deep.equal({ value: null, breached: false, recovered: true });
    const enough = series('2026-11-23', { '10:00': { requests: 20, errors: 2 } });
    expect(measure(errorRate, enough, new Date('2026-11-23T10:01:00Z'), 'UTC')).to.deep.equal({ value: 10, breached: true, recovered: false });
  });

  it('hysteresis: a value hovering at the threshold fires once and does not flap', () => {
    const day = '2026-11-23';
    // The error rate alternates between 10 % (breached) and 9 % (below, but inside the recovery margin).
    const rows: Record<string, Partial<MinuteCounts>> = {};
    for (let m = 0; m < 40; m++) rows[`10:${String(m).padStart(2, '0')}`] = { requests: 100, errors: m % 2 === 0 ? 10 : 9 };
    const times = Array.from({ length: 30 }, (_, i) => `${day}T10:${String(i + 1).padStart(2, '0')}:10Z`);
    const steps = run({ ...errorRate, window_minutes: 1 }, series(day, rows), times);
    expect(steps.map((st) => st.value)).to.deep.equal(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 10 : 9)));
    expect(steps.filter((st) => st.transition !== null).map((st) => [st.time, st.transition])).to.deep.equal([['10:01', 'firing']]);
  });

  it('hysteresis: one good minute between bad ones does not resolve', () => {
    let state: RuleState = { firing: true, clearStreak: 0, eventId: 'e1' };
    const good = { value: 0, breached: false, recovered: true };
    const bad = { value: 50, breached: true, recovered: false };
    const transitions = [good, bad, good, bad].map((m) => {
      const step = nextState(state, m, () => 'never');
      state = step.state;
      return step.transition;
    });
    expect(transitions).to.deep.equal([null, null, null, null]);
    expect(state).to.deep.equal({ firing: true, clearStreak: 0, eventId: 'e1' });
    for (let i = 1; i < RESOLVE_AFTER_EVALUATIONS; i++) state = nextState(state, good, () => 'never').state;
    expect(nextState(state, good, () => 'never')).to.deep.equal({ state: QUIET_STATE, transition: 'resolved' });
  });

  it('router error: counts one code in the window, from the minute code rows', () => {
    const params: RuleParams = { kind: 'router_error', window_minutes: 10, code: 'H12', threshold_count: 3 };
    const data = series('2026-11-23', { '10:00': { codes: { H12: 1, H10: 7 } }, '10:05': { codes: { H12: 2 } }, '10:10': { codes: { H12: 5 } } });
    const at = (hhmm: string) => measure(params, data, new Date(`2026-11-23T${hhmm}Z`), 'UTC');
    expect(at('10:05:59')).to.deep.equal({ value: 1, breached: false, recovered: true });
    expect(at('10:06:00')).to.deep.equal({ value: 3, breached: true, recovered: false });
    // 10:01–10:10: the 10:00 minute has left the window, 10:10 is complete.
    expect(at('10:11:00')).to.deep.equal({ value: 7, breached: true, recovered: false });
  });

  it('lost lines: L10 lost lines in the window; recovery needs 20 % below the threshold', () => {
    const params: RuleParams = { kind: 'lost_lines', window_minutes: 2, threshold_count: 10 };
    const data = series('2026-11-23', { '10:00': { lost: 10 }, '10:01': { lost: 8 }, '10:02': { lost: 0 }, '10:03': { lost: 7 } });
    const at = (hhmm: string) => measure(params, data, new Date(`2026-11-23T${hhmm}:05Z`), 'UTC');
    expect(at('10:01')).to.include({ value: 10, breached: true });
    expect(at('10:03')).to.include({ value: 8, breached: false, recovered: false });
    expect(at('10:05')).to.include({ value: 7, breached: false, recovered: true });
  });

  describe('traffic anomaly', () => {
    const below: RuleParams = { kind: 'traffic_anomaly', window_minutes: 10, direction: 'below', threshold_percent: 50, min_baseline_requests: 100 };
    const above: RuleParams = { ...below, direction: 'above', threshold_percent: 300 };

    /** 10 minutes of `perMinute` requests ending at `end` (exclusive). */
    function tenMinutes(end: number, perMinute: number): [number, MinuteCounts][] {
      return Array.from({ length: 10 }, (_, i) => [end - (10 - i) * 60, { requests: perMinute, errors: 0, lost: 0, codes: {} }]);
    }

    it('compares with the same minutes one week earlier, and fires on a drop to zero', () => {
      const now = new Date('2026-11-23T10:00:30Z');
      const end = s('2026-11-23T10:00:00Z');
      const data: AlertSeries = { minutes: new Map(tenMinutes(end - 7 * 86400, 50)), hours: new Map(), minutesFrom: -Infinity };
      expect(measure(below, data, now, 'UTC')).to.deep.equal({ value: 0, breached: true, recovered: false });
      const normal: AlertSeries = { ...data, minutes: new Map([...tenMinutes(end - 7 * 86400, 50), ...tenMinutes(end, 40)]) };
      expect(measure(below, normal, now, 'UTC')).to.deep.equal({ value: 80, breached: false, recovered: true });
      const spike: AlertSeries = { ...data, minutes: new Map([...tenMinutes(end - 7 * 86400, 50), ...tenMinutes(end, 200)]) };
      expect(measure(above, spike, now, 'UTC')).to.deep.equal({ value: 400, breached: true, recovered: false });
    });

    it('does not apply while the app usually has too little traffic', () => {
      const now = new Date('2026-11-23T10:00:30Z');
      const data: AlertSeries = { minutes: new Map(tenMinutes(s('2026-11-16T10:00:00Z'), 9)), hours: new Map(), minutesFrom: -Infinity };
      expect(measure(below, data, now, 'UTC')).to.deep.equal({ value: null, breached: false, recovered: true });
    });

    it('a week of local time back across a DST change: Europe/Berlin after the spring change reads 09:00Z, not 08:00Z', () => {
      // 2026-03-29 02:00 Berlin the clocks went forward. 10:00 local on 1 April is 08:00Z; the week
      // before, 10:00 local was 09:00Z.
      const now = new Date('2026-04-01T08:00:30Z');
      const window = windowAt(now, 10);
      expect(baselineWindow(window, 'Europe/Berlin')).to.deep.equal({ from: s('2026-03-25T08:50:00Z'), to: s('2026-03-25T09:00:00Z') });
      expect(baselineWindow(window, 'UTC')).to.deep.equal({ from: s('2026-03-25T07:50:00Z'), to: s('2026-03-25T08:00:00Z') });
      const data: AlertSeries = {
        minutes: new Map([...tenMinutes(s('2026-03-25T09:00:00Z'), 60), ...tenMinutes(s('2026-03-25T08:00:00Z'), 1), ...tenMinutes(s('2026-04-01T08:00:00Z'), 20)]),
        hours: new Map(),
        minutesFrom: -Infinity,
      };
      expect(measure(below, data, now, 'Europe/Berlin')).to.deep.equal({ value: 33.33, breached: true, recovered: false });
      // Read 168 hours back, the baseline would have been the quiet hour (10 requests): no alert.
      expect(measure(below, data, now, 'UTC').value).to.equal(null);
    });

    it('and after the autumn change in America/New_York (1 Nov): 10:00 EST reads 10:00 EDT a week before (14:00Z)', () => {
      const now = new Date('2026-11-04T15:00:10Z');
      expect(baselineWindow(windowAt(now, 10), 'America/New_York')).to.deep.equal({ from: s('2026-10-28T13:50:00Z'), to: s('2026-10-28T14:00:00Z') });
      const data: AlertSeries = {
        minutes: new Map([...tenMinutes(s('2026-10-28T14:00:00Z'), 30), ...tenMinutes(s('2026-10-28T15:00:00Z'), 300), ...tenMinutes(s('2026-11-04T15:00:00Z'), 30)]),
        hours: new Map(),
        minutesFrom: -Infinity,
      };
      expect(measure(below, data, now, 'America/New_York')).to.deep.equal({ value: 100, breached: false, recovered: true });
    });

    it('keeps the window length when the week-earlier window would fall into the skipped hour', () => {
      // 2026-03-08 02:00 EST did not exist in America/New_York; a week later 02:30 EDT does.
      const week = baselineWindow(windowAt(new Date('2026-03-15T06:30:00Z'), 30), 'America/New_York');
      expect(week.to - week.from).to.equal(30 * 60);
    });

    it('reads the baseline from hour rows, by overlap, where minute rows are no longer kept (hobby keeps 48 h)', () => {
      const now = new Date('2026-11-23T10:30:30Z');
      const data: AlertSeries = {
        minutes: new Map(tenMinutes(s('2026-11-23T10:30:00Z'), 10)),
        hours: new Map([[s('2026-11-16T10:00:00Z'), 1200]]),
        minutesFrom: s('2026-11-21T10:30:00Z'),
      };
      // 10:20–10:30 a week ago is a sixth of the 1200-request hour: 200, against 100 now.
      expect(measure(below, data, now, 'UTC')).to.deep.equal({ value: 50, breached: false, recovered: false });
    });
  });
});
