import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/log/logger.js';
import type { Channel } from '../../src/model/alerts.js';
import { evaluateAlerts } from '../../src/alerts/alert-job.js';
import type { AppLogFields } from '../../src/alerts/channels/app-log.js';
import { smtpMailer } from '../../src/alerts/channels/email.js';
import { deliverDueAlerts, MAX_ATTEMPTS, retryDelayMs, webhookSecret } from '../../src/alerts/deliver-alerts.js';
import type { Senders } from '../../src/alerts/deliver-alerts.js';
import type { Resource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';
import { startMailServer, startWebhookReceiver, signatureValid } from '../support/alert-receivers.js';
import type { MailServer, WebhookReceiver } from '../support/alert-receivers.js';
import { startApiFixture } from '../support/api-fixture.js';
import { fetchWithUserinfo } from '../support/provider-client.js';
import { logplexBody, routerLine } from '../support/logplex.js';
import { seedRequests } from '../support/seed-counts.js';
import { openTempStore } from '../support/temp-store.js';
import type { TempStore } from '../support/temp-store.js';

const SECRET = 'test-secret';
const at = (hhmmss: string) => new Date(`2026-11-23T${hhmmss}Z`);

async function fireRule(store: Store, resource: Resource, channels: Channel[]): Promise<string> {
  const id = randomUUID();
  const params = { kind: 'error_rate', window_minutes: 5, threshold_percent: 10, min_requests: 20 } as const;
  await store.createAlertRule({ id, resourceSeq: resource.seq, params, channels, createdAt: at('09:00:00') }, 20);
  await seedRequests(store, resource, [{ at: '2026-11-23T10:01:30Z', status: 500 }], 30);
  expect((await evaluateAlerts(store, at('10:02:05'))).fired).to.equal(1);
  return id;
}

describe('alert delivery', () => {
  let temp: TempStore;
  let resource: Resource;
  let webhook: WebhookReceiver;
  let mail: MailServer;
  let appLogLines: AppLogFields[];
  let logs: string[];
  let senders: Senders;
  let clock: Date;
  const now = () => clock;

  beforeEach(async () => {
    temp = await openTempStore();
    resource = await temp.addResource();
    [webhook, mail] = await Promise.all([startWebhookReceiver(), startMailServer()]);
    appLogLines = [];
    logs = [];
    senders = {
      secret: SECRET,
      policy: { allowLoopback: true },
      mailer: smtpMailer(mail.url, 'Vanity alerts <alerts@vanity.test>'),
      appLog: async (_resource, fields) => {
        appLogLines.push(fields);
      },
    };
    clock = at('10:02:06');
  });
  afterEach(async () => {
    senders.mailer?.close();
    await Promise.all([webhook.stop(), mail.stop()]);
    await temp.dispose();
  });

  const deliver = () => deliverDueAlerts(temp.store, senders, now, createLogger((line) => logs.push(line)));

  it('posts signed JSON with a Slack-compatible text to the webhook, mails the recipients, writes the app log', async () => {
    const ruleId = await fireRule(temp.store, resource, [
      { type: 'webhook', url: webhook.url },
      { type: 'email', to: ['ops@example.com', 'dev@example.com'] },
      { type: 'app_log' },
    ]);
    expect(await deliver()).to.equal(3);

    const hook = await webhook.next();
    expect(signatureValid(hook, webhookSecret(SECRET, resource.id, ruleId))).to.equal(true);
    expect(signatureValid(hook, webhookSecret(SECRET, resource.id, randomUUID()))).to.equal(false);
    expect(hook.headers['vanity-signature']).to.match(new RegExp(`^t=${Math.floor(clock.getTime() / 1000)},v1=`));
    expect(hook.headers['content-type']).to.equal('application/json');
    expect(hook.notice).to.deep.include({ rule_id: ruleId, kind: 'error_rate', state: 'firing', value: 100, fired_at: '2026-11-23T10:02:05.000Z', resolved_at: null });
    expect(hook.notice.text).to.equal('🔴 test-app: alert firing: error rate ≥ 10 % over 5 min (at least 20 requests); now 100 % errors');

    const message = await mail.next();
    expect(message.to).to.deep.equal(['ops@example.com', 'dev@example.com']);
    expect(message.from).to.equal('alerts@vanity.test');
    expect(message.subject).to.equal('[Vanity] Alert: test-app error rate ≥ 10 % over 5 min (at least 20 requests)');
    expect(message.text.split('\n')).to.deep.equal([
      '🔴 test-app: alert firing: error rate ≥ 10 % over 5 min (at least 20 requests); now 100 % errors',
      '',
      'Rule: error rate ≥ 10 % over 5 min (at least 20 requests)',
      'Value: 100',
      'Fired at: 2026-11-23T10:02:05.000Z',
      '',
      'Manage alerts from the Vanity dashboard (heroku addons:open vanity) or with heroku vanity:alerts.',
    ]);

    expect(appLogLines).to.deep.equal([
      { alert: ruleId, state: 'firing', kind: 'error_rate', value: 100, rule: 'error rate ≥ 10 % over 5 min (at least 20 requests)', fired_at: '2026-11-23T10:02:05.000Z' },
    ]);
    expect(await deliver()).to.equal(0);
    const rows = await temp.database.dump('alert_deliveries');
    expect(rows.map((row) => [Number(row.attempts), row.next_attempt_at, row.last_error])).to.deep.equal([
      [1, null, null],
      [1, null, null],
      [1, null, null],
    ]);
  });

  it('retries a failing webhook with backoff and sends the same notice again', async () => {
    await fireRule(temp.store, resource, [{ type: 'webhook', url: webhook.url }]);
    webhook.answer(500);
    expect(await deliver()).to.equal(0);
    const first = await webhook.next();
    expect(logs.at(-1)).to.match(/at=warn msg="alert delivery failed" alert=\S+ channel=webhook host=127\.0\.0\.1:\d+ attempt=1 retry_in_s=15 error="webhook answered 500"/);
    expect(logs.at(-1)).not.to.include('/hook');

    clock = new Date(clock.getTime() + 14_999);
    expect(await deliver()).to.equal(0);
    expect(webhook.received).to.have.length(1);

    webhook.answer(204);
    clock = new Date(clock.getTime() + 1);
    expect(await deliver()).to.equal(1);
    const second = await webhook.next();
    expect(second.body).to.equal(first.body);

    expect([1, 2, 3, 4, 7, MAX_ATTEMPTS].map(retryDelayMs)).to.deep.equal([15_000, 30_000, 60_000, 120_000, 960_000, null]);
  });

  it('gives up after MAX_ATTEMPTS failed attempts', async () => {
    await fireRule(temp.store, resource, [{ type: 'webhook', url: webhook.url }]);
    webhook.answer(503);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await deliver()).to.equal(0);
      clock = new Date(clock.getTime() + 30 * 60_000);
    }
    expect(webhook.received).to.have.length(MAX_ATTEMPTS);
    expect(logs.at(-1)).to.match(/attempt=8 gave_up=true/);
    expect(await deliver()).to.equal(0);
    expect(webhook.received).to.have.length(MAX_ATTEMPTS);
  });

  it('one failing channel does not hold up the others', async () => {
    await fireRule(temp.store, resource, [
      { type: 'webhook', url: 'http://127.0.0.1:1/nothing-listens' },
      { type: 'webhook', url: webhook.url },
    ]);
    expect(await deliver()).to.equal(1);
    expect(webhook.received).to.have.length(1);
    expect(logs.some((line) => /alert delivery failed.*host=127\.0\.0\.1:1 .*ECONNREFUSED/.test(line))).to.equal(true);
  });

  it('checks the resolved address when it connects: a name that now resolves to loopback is refused in production', async () => {
    await fireRule(temp.store, resource, [{ type: 'webhook', url: webhook.url.replace('127.0.0.1', 'localhost') }]);
    senders = { ...senders, policy: { allowLoopback: false } };
    expect(await deliver()).to.equal(0);
    expect(webhook.received).to.deep.equal([]);
    expect(logs.at(-1)).to.match(/error="refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address"/);
  });
});

describe('alert delivery never blocks ingestion', () => {
  it('counts drain batches while a webhook hangs', async () => {
    const fixture = await startApiFixture('2026-11-23T10:02:06Z');
    const webhook = await startWebhookReceiver();
    try {
      const { resource, logDrainUrl } = await fixture.addResource();
      const store = fixture.server.store;
      await fireRule(store, resource, [{ type: 'webhook', url: webhook.url }]);
      webhook.answer('hold');
      const delivering = deliverDueAlerts(store, { secret: SECRET, policy: { allowLoopback: true }, appLog: async () => undefined }, () => new Date('2026-11-23T10:02:06Z'), createLogger(() => undefined));
      await webhook.next();
      // The notification is in flight and its receiver does not answer; the drain still commits.
      const body = logplexBody([routerLine('2026-11-23T10:02:01.000000+00:00', { status: '200' })]);
      const res = await fetchWithUserinfo(logDrainUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/logplex-1', 'Logplex-Msg-Count': '1', 'Logplex-Frame-Id': randomUUID().replace(/-/g, '') },
        body,
      });
      expect(res.status).to.equal(204);
      expect((await store.readTotals(resource.seq)).requests).to.equal(31);
      webhook.release();
      expect(await delivering).to.equal(1);
    } finally {
      await webhook.stop();
      await fixture.server.stop();
    }
  });
});
