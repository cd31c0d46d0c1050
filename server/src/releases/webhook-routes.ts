import { createHmac } from 'node:crypto';
import express, { Router } from 'express';
import { HttpError } from '../http/json.js';
import type { PlatformDeps } from '../platform/platform-deps.js';
import { unixNow } from '../platform/clock.js';
import { safeEqual } from '../secrets.js';
import type { Release } from '../store/platform-store.js';
import { webhookSecret } from './webhook-subscription.js';

const UNSIGNED = 'invalid webhook signature: Heroku-Webhook-Hmac-SHA256 must be the base64 HMAC-SHA256 of the body under the subscription secret';

/** Heroku's signature: base64 of HMAC-SHA256 over the raw body, keyed with the subscription's secret. */
export function webhookSignature(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Text from a webhook is hostile: no control characters, bounded length. */
function cleanText(value: unknown, max: number): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max) : '';
}

interface WebhookEvent {
  id?: unknown;
  resource?: unknown;
  data?: { version?: unknown; description?: unknown; status?: unknown; created_at?: unknown };
  webhook_metadata?: { event?: { id?: unknown } };
}

/** A release from an `api:release` event, or null when the event is about something else or malformed. */
export function releaseFromEvent(event: WebhookEvent): Release | null {
  if (event.resource !== 'release' || typeof event.data !== 'object' || event.data === null) return null;
  const eventId = cleanText(event.webhook_metadata?.event?.id ?? event.id, 100);
  const version = event.data.version;
  const releasedAt = typeof event.data.created_at === 'string' ? Date.parse(event.data.created_at) : Number.NaN;
  if (!eventId || typeof version !== 'number' || !Number.isInteger(version) || version < 0 || Number.isNaN(releasedAt)) return null;
  return {
    eventId,
    version,
    description: cleanText(event.data.description, 200),
    status: cleanText(event.data.status, 20) || 'succeeded',
    releasedAt: Math.floor(releasedAt / 1000),
  };
}

/**
 * `POST /heroku/webhooks?resource=<uuid>`: add-on webhook deliveries. The signature is checked
 * in constant time against the resource's own secret before anything is parsed or stored; an
 * unknown resource answers exactly like a forged signature (401).
 */
export function webhookRoutes(deps: PlatformDeps): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const resourceId = typeof req.query.resource === 'string' ? req.query.resource : '';
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const resource = resourceId ? await deps.store.getResource(resourceId) : null;
    const expected = webhookSignature(webhookSecret(deps.secret, resource?.id ?? 'unknown'), body);
    const signatureOk = safeEqual(req.get('heroku-webhook-hmac-sha256') ?? '', expected);
    if (!resource || !signatureOk) throw new HttpError(401, UNSIGNED);
    let event: WebhookEvent;
    try {
      event = JSON.parse(body.toString('utf8')) as WebhookEvent;
    } catch {
      throw new HttpError(400, 'body: not valid JSON');
    }
    const release = typeof event === 'object' && event !== null ? releaseFromEvent(event) : null;
    if (release) await deps.store.recordRelease(resource.seq, release, unixNow(deps));
    res.status(204).end();
  });
  return router;
}
