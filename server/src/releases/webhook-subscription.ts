import { deriveKey } from '../secrets.js';
import type { PlatformRecord } from '../store/platform-store.js';
import type { PlatformDeps } from '../platform/platform-deps.js';
import { unixNow } from '../platform/clock.js';

/** The per-resource secret Heroku signs this resource's webhook deliveries with (derived, never stored). */
export function webhookSecret(serverSecret: string, resourceId: string): string {
  return deriveKey(serverSecret, 'webhook', resourceId, '');
}

/** Where Heroku delivers a resource's webhooks: one route, the resource named in the query. */
export function webhookUrl(baseUrl: string, resourceId: string): string {
  return `${baseUrl}/heroku/webhooks?resource=${encodeURIComponent(resourceId)}`;
}

/** Subscribes a resource with a token to `api:release` webhooks, once. */
export async function subscribeReleases(deps: PlatformDeps, record: PlatformRecord): Promise<void> {
  if (record.tokenState !== 'ok' || record.webhookState === 'subscribed') return;
  const now = unixNow(deps);
  if (record.webhookState === 'failed' && record.nextAttemptAt > now) return;
  try {
    const created = await deps.api.request<{ id?: unknown }>(record.resourceSeq, 'POST', `/addons/${encodeURIComponent(record.resourceId)}/webhooks`, {
      include: ['api:release'],
      level: 'notify',
      url: webhookUrl(deps.baseUrl(), record.resourceId),
      secret: webhookSecret(deps.secret, record.resourceId),
    });
    await deps.store.updatePlatform(record.resourceSeq, {
      webhookState: 'subscribed',
      webhookId: typeof created?.id === 'string' ? created.id : null,
      webhookReason: null,
      updatedAt: now,
    });
  } catch (error) {
    const reason = (error as Error).message;
    await deps.store.updatePlatform(record.resourceSeq, { webhookState: 'failed', webhookReason: reason, nextAttemptAt: now + 300, updatedAt: now });
    deps.log.warn('webhook subscription failed', { resource: record.resourceId, reason });
  }
}
