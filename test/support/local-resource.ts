import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const rebase = (raw: string) => {
    const url = new URL(raw);
    url.protocol = 'http:';
    url.host = `127.0.0.1:${server.port}`;
    return url.toString();
  };
  return { vanityUrl: rebase(body.config.VANITY_URL), drainUrl: rebase(body.log_drain_url) };
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
