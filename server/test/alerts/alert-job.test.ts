import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Channel, RuleParams } from '../../src/model/alerts.js';
import { evaluateAlerts } from '../../src/alerts/alert-job.js';
import type { Resource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';
import { seedLost, seedRequests } from '../support/seed-counts.js';
import { openTempStore } from '../support/temp-store.js';
import type { TempStore } from '../support/temp-store.js';

const errorRate: RuleParams = { kind: 'error_rate', window_minutes: 5, threshold_percent: 10, min_requests: 20 };
const channels: Channel[] = [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }, { type: 'app_log' }];

async function addRule(store: Store, resource: Resource, params: RuleParams = errorRate): Promise<string> {
  const id = randomUUID();
  expect(await store.createAlertRule({ id, resourceSeq: resource.seq, params, channels, createdAt: new Date('2026-11-23T09:00:00Z') }, 2)).to.equal(true);
  return id;
}

/** 100 requests in the minute, `errors` of them 500s. */
async function minute(store: Store, resource: Resource, hhmm: string, errors: number): Promise<void> {
  await seedRequests(store, resource, [{ at: `2026-11-23T${hhmm}:30Z`, status: 200 }], 100 - errors);
  if (errors > 0) await seedRequests(store, resource, [{ at: `2026-11-23T${hhmm}:31Z`, status: 500 }], errors);
}

const at = (hhmmss: string) => new Date(`2026-11-23T${hhmmss}Z`);

describe('alert job (evaluation on a real store)', () => {
  let temp: TempStore;
  let store: Store;
  let resource: Resource;

  beforeEach(async () => {
    temp = await openTempStore();
    store = temp.store;
    resource = await temp.addResource();
  });
  afterEach(() => temp.dispose());

  it('fires once, keeps the history, queues one notification per channel, then resolves', async () => {
    const ruleId = await addRule(store, resource);
    await minute(store, resource, '10:00', 0);
    expect(await evaluateAlerts(store, at('10:01:10'))).to.deep.include({ committed: true, fired: 0, deliveries: 0 });
    await minute(store, resource, '10:01', 60);
    expect(await evaluateAlerts(store, at('10:02:10'))).to.deep.include({ committed: true, fired: 1, deliveries: 2 });
    const [rule] = await store.listAlertRules(resource.seq);
    expect(rule?.state.firing).to.equal(true);
    const [event] = await store.listAlertEvents(resource.seq, 10);
    expect(event).to.deep.include({ ruleId, firedAt: at('10:02:10'), firedValue: 30, resolvedAt: null, resolvedValue: null });

    // Still firing: nothing new.
    expect(await evaluateAlerts(store, at('10:03:10'))).to.deep.include({ committed: true, fired: 0, resolved: 0, deliveries: 0 });
    // 10:01 leaves the five-minute window at 10:07; two recovered evaluations resolve it.
    for (const hhmm of ['10:02', '10:03', '10:04', '10:05', '10:06', '10:07']) await minute(store, resource, hhmm, 0);
    expect(await evaluateAlerts(store, at('10:07:10'))).to.deep.include({ resolved: 0 });
    expect(await evaluateAlerts(store, at('10:08:10'))).to.deep.include({ resolved: 1, deliveries: 2 });
    const [resolved] = await store.listAlertEvents(resource.seq, 10);
    expect(resolved).to.deep.include({ id: event?.id, resolvedAt: at('10:08:10'), resolvedValue: 0 });

    const deliveries = await temp.database.dump('alert_deliveries');
    expect(deliveries).to.have.length(4);
    const notices = deliveries.map((d) => (typeof d.notice === 'string' ? JSON.parse(d.notice) : d.notice) as { state: string; value: number; fired_at: string });
    expect(notices.map((n) => [n.state, n.value, n.fired_at])).to.deep.equal([
      ['firing', 30, '2026-11-23T10:02:10.000Z'],
      ['firing', 30, '2026-11-23T10:02:10.000Z'],
      ['resolved', 0, '2026-11-23T10:02:10.000Z'],
      ['resolved', 0, '2026-11-23T10:02:10.000Z'],
    ]);
  });

  it('evaluates each minute once: a second run in the same minute writes nothing', async () => {
    await addRule(store, resource);
    await minute(store, resource, '10:01', 60);
    expect((await evaluateAlerts(store, at('10:02:05'))).committed).to.equal(true);
    expect(await evaluateAlerts(store, at('10:02:40'))).to.deep.include({ committed: false, fired: 0 });
    expect(await temp.database.dump('alert_events')).to.have.length(1);
    expect(await temp.database.dump('alert_deliveries')).to.have.length(2);
  });

  it('two processes evaluating the same minute at once: one evaluation, one set of notifications', async () => {
    const other = await temp.openAnother();
    await addRule(store, resource);
    await minute(store, resource, '10:01', 60);
    for (const [i, time] of ['10:02:05', '10:03:05', '10:04:05'].entries()) {
      const runs = await Promise.all([evaluateAlerts(store, at(time)), evaluateAlerts(other, at(time))]);
      expect(runs.filter((run) => run.committed), `minute ${i}`).to.have.length(1);
    }
    expect(await temp.database.dump('alert_events')).to.have.length(1);
    expect(await temp.database.dump('alert_deliveries')).to.have.length(2);
    const [run] = await temp.database.dump('job_runs');
    expect(Number(run?.last_minute)).to.equal(at('10:04:00').getTime() / 1000);
  });

  it('router_error reads codes per minute; lost_lines reads L10 lost lines', async () => {
    await addRule(store, resource, { kind: 'router_error', window_minutes: 5, code: 'H12', threshold_count: 3 });
    await addRule(store, resource, { kind: 'lost_lines', window_minutes: 5, threshold_count: 100 });
    await seedRequests(store, resource, [{ at: '2026-11-23T10:01:10Z', status: 503, code: 'H12' }], 3);
    await seedRequests(store, resource, [{ at: '2026-11-23T10:01:10Z', status: 503, code: 'H13' }], 9);
    await seedLost(store, resource, '2026-11-23T10:01:20Z', 99);
    expect(await evaluateAlerts(store, at('10:02:00'))).to.deep.include({ fired: 1 });
    await seedLost(store, resource, '2026-11-23T10:02:20Z', 1);
    expect(await evaluateAlerts(store, at('10:03:00'))).to.deep.include({ fired: 1 });
    const events = await store.listAlertEvents(resource.seq, 10);
    expect(events.map((e) => e.firedValue)).to.deep.equal([100, 3]);
  });

  it('traffic anomaly: fires when traffic drops to zero against the same minutes a week earlier', async () => {
    await addRule(store, resource, { kind: 'traffic_anomaly', window_minutes: 10, direction: 'below', threshold_percent: 50, min_baseline_requests: 50 });
    // A week earlier: hobby keeps minute rows 48 hours, so the baseline comes from the hour row.
    await seedRequests(store, resource, [{ at: '2026-11-16T10:30:00Z' }], 600);
    expect(await evaluateAlerts(store, at('10:30:10'))).to.deep.include({ fired: 1 });
    const [event] = await store.listAlertEvents(resource.seq, 1);
    expect(event?.firedValue).to.equal(0);
  });

  it('keeps to the plan limit, deletes a rule with its pending notifications, and deprovisioning forgets alerts', async () => {
    const first = await addRule(store, resource);
    await addRule(store, resource);
    const third = { id: randomUUID(), resourceSeq: resource.seq, params: errorRate, channels, createdAt: new Date() };
    expect(await store.createAlertRule(third, 2)).to.equal(false);
    await minute(store, resource, '10:01', 60);
    await evaluateAlerts(store, at('10:02:05'));
    expect(await temp.database.dump('alert_deliveries')).to.have.length(4);
    expect(await store.deleteAlertRule(resource.seq, first)).to.equal(true);
    expect(await store.deleteAlertRule(resource.seq, first)).to.equal(false);
    expect(await temp.database.dump('alert_deliveries')).to.have.length(2);
    expect(await store.listAlertEvents(resource.seq, 10)).to.have.length(2);
    const otherResource = await temp.addResource();
    expect(await store.deleteAlertRule(otherResource.seq, (await store.listAlertRules(resource.seq))[0]?.id ?? '')).to.equal(false);

    expect(await store.deleteResource(resource.id)).to.equal('deleted');
    for (const table of ['alert_rules', 'alert_events', 'alert_deliveries']) expect(await temp.database.dump(table), table).to.deep.equal([]);
    expect(await store.createAlertRule({ ...third, id: randomUUID() }, 2)).to.equal(false);
  });

  it('leases due notifications to one process at a time and retries a failed one when it is due', async () => {
    const other = await temp.openAnother();
    await addRule(store, resource);
    await minute(store, resource, '10:01', 60);
    await evaluateAlerts(store, at('10:02:05'));
    const now = at('10:02:06').getTime();
    const [mine, theirs] = await Promise.all([store.claimAlertDeliveries(now, 60_000, 10), other.claimAlertDeliveries(now, 60_000, 10)]);
    const claimed = [...mine, ...theirs];
    expect(new Set(claimed.map((d) => d.id)).size).to.equal(2);
    expect(claimed.map((d) => d.attempts)).to.deep.equal([1, 1]);
    expect(await store.claimAlertDeliveries(now + 59_000, 60_000, 10)).to.deep.equal([]);
    const [first, second] = claimed.map((d) => d.id) as [number, number];
    await store.finishAlertDelivery(first, { delivered: true, at: now });
    await store.finishAlertDelivery(second, { delivered: false, retryAt: now + 15_000, error: 'webhook answered 500' });
    const retried = await store.claimAlertDeliveries(now + 15_000, 60_000, 10);
    expect(retried.map((d) => [d.id, d.attempts])).to.deep.equal([[second, 2]]);
    // A lease that runs out (a crashed attempt) makes it due again.
    expect((await other.claimAlertDeliveries(now + 75_001, 60_000, 10)).map((d) => d.id)).to.deep.equal([second]);
  });
});
