import { randomUUID } from 'node:crypto';
import type { Resource } from '../model/resource.js';
import type { AlertEvaluation, AlertStore, CountStore, ResourceStore } from '../store/store.js';
import type { AlertRule } from '../model/alerts.js';
import { alertNotice } from './alert-notice.js';
import { readAlertSeries } from './alert-series.js';
import { measure, nextState } from './evaluate-rule.js';

export interface EvaluationRun {
  /** False when another process had already evaluated this minute: nothing was written. */
  committed: boolean;
  rules: number;
  fired: number;
  resolved: number;
  deliveries: number;
}

function byResource(rules: readonly AlertRule[]): Map<number, AlertRule[]> {
  const groups = new Map<number, AlertRule[]>();
  for (const rule of rules) {
    const group = groups.get(rule.resourceSeq);
    if (group) group.push(rule);
    else groups.set(rule.resourceSeq, [rule]);
  }
  return groups;
}

/** When each open history entry fired, for the resolution notices of these rules. */
async function firedTimes(store: AlertStore, resource: Resource, resolving: readonly AlertRule[]): Promise<Map<string, Date>> {
  if (resolving.length === 0) return new Map();
  const events = await store.listAlertEvents(resource.seq, 1000);
  return new Map(events.map((event) => [event.id, event.firedAt]));
}

/**
 * Evaluates every rule of every live resource for the minute that just ended at `now`, and writes
 * the new states, history and notifications in one go, under that minute's claim: when several
 * processes run this in the same minute, the first to commit wins and the others write nothing.
 */
export type EvaluationStore = AlertStore & CountStore & ResourceStore;

export async function evaluateAlerts(store: EvaluationStore, now: Date): Promise<EvaluationRun> {
  const minute = Math.floor(now.getTime() / 60_000) * 60;
  const [rules, resources] = await Promise.all([store.listAlertRules(), store.listResources()]);
  const live = new Map(resources.map((resource) => [resource.seq, resource]));
  const evaluation: AlertEvaluation = { minute, states: [], fired: [], resolved: [], deliveries: [], dueAt: now.getTime() };

  for (const [seq, group] of byResource(rules)) {
    const resource = live.get(seq);
    if (!resource) continue;
    const series = await readAlertSeries(store, resource, group, now);
    const steps = group.map((rule) => {
      const measurement = measure(rule.params, series, now, resource.options.timezone);
      return { rule, measurement, ...nextState(rule.state, measurement, randomUUID) };
    });
    const fired = await firedTimes(store, resource, steps.filter((s) => s.transition === 'resolved').map((s) => s.rule));
    for (const { rule, measurement, state, transition } of steps) {
      if (JSON.stringify(state) !== JSON.stringify(rule.state)) evaluation.states.push({ ruleId: rule.id, state });
      if (transition === null) continue;
      const eventId = (transition === 'firing' ? state.eventId : rule.state.eventId) as string;
      if (transition === 'firing') {
        evaluation.fired.push({ id: eventId, ruleId: rule.id, resourceSeq: seq, firedAt: now, firedValue: measurement.value ?? 0, resolvedAt: null, resolvedValue: null });
      } else {
        evaluation.resolved.push({ eventId, resolvedAt: now, resolvedValue: measurement.value });
      }
      const notice = alertNotice({ rule, resource, transition, eventId, value: measurement.value, at: now, firedAt: fired.get(eventId) ?? now });
      for (const channel of rule.channels) evaluation.deliveries.push({ resourceSeq: seq, ruleId: rule.id, eventId, channel, notice });
    }
  }

  const committed = await store.commitAlertEvaluation(evaluation);
  return {
    committed,
    rules: rules.length,
    fired: committed ? evaluation.fired.length : 0,
    resolved: committed ? evaluation.resolved.length : 0,
    deliveries: committed ? evaluation.deliveries.length : 0,
  };
}
