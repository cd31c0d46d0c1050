/**
 * `npm run bench:alerts`: alert latency as a newcomer sees it. The built server (SQLite, the
 * default 10-second evaluation delay) with a local SMTP server and webhook receiver; an
 * error-rate rule added through the dashboard form; simulated traffic with half the requests
 * 500s from the start. Prints, per run, the seconds from the first 500 sent (and from the end of
 * its minute) to the webhook and to the e-mail. `ALERT_RUNS` runs (default 1), each on a new app.
 */
import { startMailServer, startWebhookReceiver } from '../server/test/support/alert-receivers.js';
import { addErrorRateAlertInDashboard, latency, startErrorBurst, TEST_SSO_SALT } from '../test/support/alert-scenario.js';
import { spawnServer } from '../test/support/spawn-server.js';

const runs = Number(process.env.ALERT_RUNS ?? 1);
const [webhook, mail] = await Promise.all([startWebhookReceiver(), startMailServer()]);
const server = await spawnServer({ VANITY_LOG_REQUESTS: 'false', VANITY_SSO_SALT: TEST_SSO_SALT, SMTP_URL: mail.url });
try {
  for (let i = 1; i <= runs; i++) {
    const { resource, run } = await startErrorBurst(server.url, `latency-${Date.now().toString(36)}`);
    await addErrorRateAlertInDashboard(server.url, resource.id, webhook.url, 'ops@example.com');
    const burst = run(() => undefined);
    const [hookAt, mailAt] = await Promise.all([webhook.next().then(() => Date.now()), mail.next().then(() => Date.now())]);
    burst.stop();
    const stats = await burst.done;
    const first = stats.firstBurstErrorAt ?? hookAt;
    console.log(`run ${i}: webhook ${JSON.stringify(latency(first, hookAt))}, e-mail ${JSON.stringify(latency(first, mailAt))} (seconds)`);
  }
} finally {
  await server.kill();
  await Promise.all([webhook.stop(), mail.stop()]);
}
