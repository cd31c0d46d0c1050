import { randomUUID } from 'node:crypto';
import type { CredentialedUrl } from '../../server/src/simulate/credentialed-url.js';
import { encodeBatch } from '../../server/src/simulate/logplex-batch.js';
import type { LogplexBatch } from '../../server/src/simulate/logplex-batch.js';
import { providerCredentials, provisionApp } from '../../server/src/simulate/provision-app.js';
import { routerTraffic } from '../../server/src/simulate/router-traffic.js';

/** `count` logplex bodies of realistic traffic stamped within the last minutes, each with its own Frame-Id. */
export function drainBatches(count: number, linesPerBatch: number, seed = 1): LogplexBatch[] {
  const traffic = routerTraffic({ seed });
  const startUs = (Date.now() - 10 * 60_000) * 1000;
  return Array.from({ length: count }, (_, b) =>
    encodeBatch(
      Array.from({ length: linesPerBatch }, (_, i) => traffic.line(startUs + (b * linesPerBatch + i) * 1000)),
      { frameId: randomUUID().replace(/-/g, '').toUpperCase() },
    ),
  );
}

/** Provisions a fresh resource through `serverUrl`; its drain, aimed at each of `serverUrls`. */
export async function provisionDrains(serverUrl: string, serverUrls: string[]): Promise<{ id: string; drains: CredentialedUrl[] }> {
  const resource = await provisionApp(serverUrl, `scale-${randomUUID().slice(0, 8)}`, providerCredentials());
  const drains = serverUrls.map((url) => ({ ...resource.drain, url: resource.drain.url.replace(serverUrl, url) }));
  return { id: resource.id, drains };
}

/** One POST as Logplex makes it; the HTTP status, or 0 when the connection failed. */
export async function postBatch(drain: CredentialedUrl, batch: LogplexBatch): Promise<number> {
  try {
    const res = await fetch(drain.url, { method: 'POST', headers: { ...batch.headers, authorization: drain.authorization }, body: batch.body });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
