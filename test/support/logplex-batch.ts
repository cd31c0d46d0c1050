import { randomUUID } from 'node:crypto';
import type { DrainBody } from './sample-traffic.js';

/** POSTs drain bodies to a `log_drain_url` as Logplex does (credential from the URL's userinfo); the statuses. */
export async function postToDrain(logDrainUrl: string, drainToken: string, bodies: DrainBody[]): Promise<number[]> {
  const url = new URL(logDrainUrl);
  const credential = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  const statuses: number[] = [];
  for (const { body, count } of bodies) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${credential}`,
        'content-type': 'application/logplex-1',
        'logplex-msg-count': String(count),
        'logplex-frame-id': randomUUID(),
        'logplex-drain-token': drainToken,
      },
      body,
    });
    statuses.push(res.status);
  }
  return statuses;
}
