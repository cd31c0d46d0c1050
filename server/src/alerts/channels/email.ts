import nodemailer from 'nodemailer';
import type { AlertNotice } from '../../model/alerts.js';

export interface Mailer {
  send(to: readonly string[], notice: AlertNotice): Promise<void>;
  close(): void;
}

/** E-mail through the SMTP server of `SMTP_URL` (smtp:// or smtps://, with credentials in it). */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, notice) {
      const app = notice.resource.name ?? notice.resource.id;
      const subject = `[Vanity] ${notice.state === 'firing' ? 'Alert' : 'Resolved'}: ${app} ${notice.rule}`;
      const lines = [
        notice.text,
        '',
        `Rule: ${notice.rule}`,
        `Value: ${notice.value ?? 'n/a'}`,
        `Fired at: ${notice.fired_at}`,
        ...(notice.resolved_at ? [`Resolved at: ${notice.resolved_at}`] : []),
        '',
        'Manage alerts from the Vanity dashboard (heroku addons:open vanity) or with heroku vanity:alerts.',
      ];
      await transport.sendMail({ from, to: [...to], subject, text: lines.join('\n') });
    },
    close() {
      transport.close();
    },
  };
}
