/**
 * `npm run alert-receivers`: a local webhook receiver (http://127.0.0.1:4000/hook) and SMTP server
 * (smtp://127.0.0.1:2525) that print every alert Vanity sends them, for trying alerts without
 * Slack or a mail provider. Run the server with SMTP_URL=smtp://127.0.0.1:2525.
 */
import { startMailServer, startWebhookReceiver } from '../server/test/support/alert-receivers.js';

const webhookPort = Number(process.env.WEBHOOK_PORT ?? 4000);
const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const [webhook, mail] = await Promise.all([startWebhookReceiver(webhookPort), startMailServer(smtpPort)]);
console.log(`webhook receiver: ${webhook.url}   (use it as the alert's webhook URL)`);
console.log(`SMTP server:      ${mail.url}   (start Vanity with SMTP_URL=${mail.url})\n`);

const stamp = () => new Date().toISOString().slice(11, 19);
void (async () => {
  for (;;) {
    const hook = await webhook.next();
    console.log(`${stamp()} webhook: ${hook.notice.text}\n         Vanity-Signature: ${String(hook.headers['vanity-signature'])}`);
  }
})();
void (async () => {
  for (;;) {
    const message = await mail.next();
    console.log(`${stamp()} e-mail to ${message.to.join(', ')}: ${message.subject}`);
  }
})();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.all([webhook.stop(), mail.stop()]).then(() => process.exit(0)));
}
