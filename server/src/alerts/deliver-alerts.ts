import { asciiJson } from '../http/json.js';
import type { LogFields, Logger } from '../log/logger.js';
import { deriveKey } from '../secrets.js';
import type { Resource } from '../model/resource.js';
import type { Delivery } from '../model/alerts.js';
import type { AlertStore, ResourceStore } from '../store/store.js';
import type { AddressPolicy } from './channels/address-guard.js';
import { appLogFields } from './channels/app-log.js';
import type { AppLogWriter } from './channels/app-log.js';
import type { Mailer } from './channels/email.js';
import { postWebhook } from './channels/webhook.js';

export interface Senders {
  /** VANITY_SECRET: webhook signing secrets are derived from it per rule. */
  secret: string;
  policy: AddressPolicy;
  /** Absent without SMTP_URL. */
  mailer?: Mailer;
  appLog: AppLogWriter;
  /** Told of every delivery attempt's outcome (the self-metrics count them). */
  onDelivery?: (delivered: boolean) => void;
}

/** How long a claimed delivery is held before another process may try it (a crashed attempt). */
export const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 15_000;
const LONGEST_RETRY_MS = 30 * 60_000;
const BATCH = 20;

/** 15 s, 30 s, 1 min, … doubling up to 30 min; after MAX_ATTEMPTS the delivery is given up (null). */
export function retryDelayMs(attempts: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
}

/** The secret a rule's webhook receiver verifies `Vanity-Signature` with (shown with the rule). */
export function webhookSecret(secret: string, resourceId: string, ruleId: string): string {
  return `whsec_${deriveKey(secret, 'alert-webhook', resourceId, ruleId)}`;
}

async function send(senders: Senders, delivery: Delivery, resource: Resource, nowMs: number): Promise<void> {
  const { channel, notice } = delivery;
  switch (channel.type) {
    case 'webhook': {
      const body = asciiJson(notice);
      const secret = webhookSecret(senders.secret, resource.id, delivery.ruleId);
      return postWebhook(channel.url, body, secret, senders.policy, Math.floor(nowMs / 1000));
    }
    case 'email':
      if (!senders.mailer) throw new Error('e-mail is not set up on this server (SMTP_URL)');
      return senders.mailer.send(channel.to, notice);
    case 'app_log':
      return senders.appLog(resource, appLogFields(notice), `alert-${delivery.id}`);
  }
}

/** Where a failure is logged: the channel's kind and host, never a URL path (it may hold a secret). */
function target(delivery: Delivery): LogFields {
  const { channel } = delivery;
  if (channel.type === 'webhook') return { channel: 'webhook', host: new URL(channel.url).host };
  if (channel.type === 'email') return { channel: 'email', recipients: channel.to.length };
  return { channel: 'app_log' };
}

/**
 * Sends the notifications that are due, each on its own: one failing channel is retried with
 * backoff and never holds up the others (or anything else: this runs on its own timer, outside
 * every request and transaction). Returns how many were delivered.
 */
export async function deliverDueAlerts(store: AlertStore & ResourceStore, senders: Senders, now: () => Date, log: Logger): Promise<number> {
  const startedMs = now().getTime();
  const claimed = await store.claimAlertDeliveries(startedMs, LEASE_MS, BATCH);
  const resources = new Map(claimed.length > 0 ? (await store.listResources()).map((r) => [r.seq, r]) : []);
  const outcomes = await Promise.all(
    claimed.map(async (delivery) => {
      const resource = resources.get(delivery.resourceSeq);
      try {
        if (!resource) throw new Error('the add-on was removed');
        await send(senders, delivery, resource, now().getTime());
        await store.finishAlertDelivery(delivery.id, { delivered: true, at: now().getTime() });
        senders.onDelivery?.(true);
        log.info('alert delivered', { alert: delivery.ruleId, state: delivery.notice.state, ...target(delivery), attempt: delivery.attempts });
        return true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const delay = resource ? retryDelayMs(delivery.attempts) : null;
        const retryAt = delay === null ? null : now().getTime() + delay;
        await store.finishAlertDelivery(delivery.id, { delivered: false, retryAt, error: message.slice(0, 500) });
        senders.onDelivery?.(false);
        const next = delay === null ? { gave_up: true } : { retry_in_s: delay / 1000 };
        log.warn('alert delivery failed', { alert: delivery.ruleId, ...target(delivery), attempt: delivery.attempts, ...next, error: message });
        return false;
      }
    }),
  );
  return outcomes.filter(Boolean).length;
}
