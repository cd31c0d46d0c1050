import { expect } from 'chai';
import { startMailServer, startWebhookReceiver, signatureValid } from '../server/test/support/alert-receivers.js';
import type { MailServer, WebhookReceiver } from '../server/test/support/alert-receivers.js';
import { addErrorRateAlertInDashboard, latency, startErrorBurst, TEST_SSO_SALT } from './support/alert-scenario.js';
import { createTestSchema, dumpPostgresTable, testPostgres } from './support/postgres.js';
import { spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

/**
 * Done when: with the simulator running, a rule created in the dashboard fires within two minutes
 * of a burst of 500s, at a webhook and in e-mail. Here with two server processes on one PostgreSQL
 * database, both evaluating alerts every minute: the rule fires once, not once per process.
 */
describe('alerts end to end: dashboard rule, error burst, webhook and e-mail, two processes on PostgreSQL', function () {
  this.timeout(240_000);
  let schema: { url: string; schema: string; drop(): Promise<void> } | undefined;
  let base = '';
  let servers: SpawnedServer[] = [];
  let webhook: WebhookReceiver;
  let mail: MailServer;

  before(async function () {
    const postgres = await testPostgres();
    if ('skipped' in postgres) return this.skip();
    base = postgres.url;
    schema = await createTestSchema(postgres.url);
    [webhook, mail] = await Promise.all([startWebhookReceiver(), startMailServer()]);
    const env = {
      DATABASE_URL: schema.url,
      VANITY_LOG_REQUESTS: 'false',
      VANITY_SSO_SALT: TEST_SSO_SALT,
      SMTP_URL: mail.url,
      VANITY_ALERT_DELAY_SECONDS: '2',
    };
    servers = await Promise.all([spawnServer(env), spawnServer(env)]);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    await Promise.all([webhook?.stop(), mail?.stop()]);
    await schema?.drop();
  });

  it('fires once within two minutes of the first 500, signed, at the webhook and in e-mail', async () => {
    if (!schema) throw new Error('no database');
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const { resource, run } = await startErrorBurst(a.url, 'alert-e2e');
    await addErrorRateAlertInDashboard(b.url, resource.id, webhook.url, 'ops@example.com');
    const { done, stats, stop } = run(() => undefined);
    try {
      const [hook, message] = await Promise.all([webhook.next(), mail.next()]);
      const hookAt = Date.now();
      const first = stats()?.firstBurstErrorAt ?? hookAt;
      expect(hookAt - first).to.be.below(120_000);
      console.log(`      alert latency: ${JSON.stringify(latency(first, hookAt))} (seconds; webhook and e-mail)`);
      expect(hook.notice).to.deep.include({ kind: 'error_rate', state: 'firing', resource: { id: resource.id, name: 'alert-e2e-vanity' } });
      const rules = await dumpPostgresTable(base, schema.schema, 'alert_rules');
      const ruleId = rules[0]?.id as string;
      expect(signatureValid(hook, `whsec_${await secretOf(a.url, resource.vanityUrl, ruleId)}`)).to.equal(true);
      expect(message.to).to.deep.equal(['ops@example.com']);
      expect(message.subject).to.equal('[Vanity] Alert: alert-e2e-vanity error rate ≥ 10 % over 5 min (at least 20 requests)');

      // Both processes evaluate every minute; once the minute after the firing one has been
      // evaluated, both are past the firing minute: still exactly one notification per channel.
      const firedMinute = Math.floor(Date.parse(hook.notice.at) / 60_000) * 60;
      const alertsRun = async () => (await dumpPostgresTable(base, schema!.schema, 'job_runs')).find((row) => row.job === 'alerts');
      while (Number((await alertsRun())?.last_minute ?? 0) < firedMinute + 60) {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(webhook.received).to.have.length(1);
      expect(mail.received).to.have.length(1);
      expect(await dumpPostgresTable(base, schema.schema, 'alert_events')).to.have.length(1);
    } finally {
      stop();
      await done;
    }
  });
});

/** The rule's webhook secret as the API shows it (without its whsec_ prefix). */
async function secretOf(serverUrl: string, vanityUrl: string, ruleId: string): Promise<string> {
  const url = new URL(vanityUrl);
  const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  const res = await fetch(`${serverUrl}/api/alerts`, { headers: { authorization: `Basic ${auth}` } });
  const body = (await res.json()) as { rules: { id: string; webhook_secret: string }[] };
  return (body.rules.find((rule) => rule.id === ruleId)?.webhook_secret ?? '').replace(/^whsec_/, '');
}
