import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webhookSignature } from '../../server/src/releases/webhook-routes.js';
import { webhookSecret } from '../../server/src/releases/webhook-subscription.js';
import { rebaseOrigin } from '../../server/src/simulate/credentialed-url.js';
import { logplexBody, routerLine } from '../../server/test/support/logplex.js';
import { REPO_ROOT } from './spawn-server.js';
import type { SpawnedServer } from './spawn-server.js';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'addon-manifest.json'), 'utf8')) as { id: string; api: { password: string } };

/** Provisions a resource on a spawned server as Heroku would and returns its VANITY_URL, rebased on the server. */
export async function provisionLocal(server: SpawnedServer): Promise<{ vanityUrl: string; drainUrl: string }> {
  const res = await fetch(`${server.url}/heroku/resources`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ uuid: randomUUID(), name: 'myapp-vanity', plan: 'hobby' }),
  });
  const body = (await res.json()) as { config: { VANITY_URL: string }; log_drain_url: string };
  return { vanityUrl: rebaseOrigin(body.config.VANITY_URL, server.url), drainUrl: rebaseOrigin(body.log_drain_url, server.url) };
}

/**
 * Heroku's `api:release` add-on webhook for a resource, signed as Heroku signs it with the
 * subscription's secret (derived from the server's VANITY_SECRET, so the test can compute it).
 */
export async function deliverRelease(server: SpawnedServer, serverSecret: string, resourceId: string, release: { version: number; description: string; at: Date }): Promise<void> {
  const event = JSON.stringify({
    id: randomUUID(),
    action: 'create',
    resource: 'release',
    data: { version: release.version, description: release.description, status: 'succeeded', created_at: release.at.toISOString() },
    webhook_metadata: { event: { id: randomUUID(), include: 'api:release' } },
  });
  const res = await fetch(`${server.url}/heroku/webhooks?resource=${resourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'heroku-webhook-hmac-sha256': webhookSignature(webhookSecret(serverSecret, resourceId), event) },
    body: event,
  });
  if (res.status !== 204) throw new Error(`webhook answered ${res.status}`);
}

/** Posts `count` router lines stamped now through the drain, as Logplex would; every fourth answered 503. */
export async function sendRequests(drainUrl: string, count: number): Promise<void> {
  const url = new URL(drainUrl);
  const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = url.password = '';
  const stamp = new Date().toISOString().replace('Z', '000+00:00');
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/logplex-1', 'logplex-frame-id': randomUUID() },
    body: logplexBody(Array.from({ length: count }, (_, i) => routerLine(stamp, { path: `/items/${i}`, status: i % 4 === 0 ? '503' : '200' }))),
  });
  if (res.status !== 204) throw new Error(`drain answered ${res.status}`);
}
