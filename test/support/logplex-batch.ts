import { randomUUID } from 'node:crypto';
import { drainMessage, logplexBody } from '../../server/test/support/logplex.js';

export interface RouterLine {
  at: Date;
  method?: string;
  path: string;
  status: number;
  dyno?: string;
  serviceMs?: number;
  /** A router error code like H12: the line becomes `at=error code=…`. */
  code?: string;
}

export function routerMessage(line: RouterLine): string {
  const at = line.code ? `at=error code=${line.code} desc="Request timeout"` : 'at=info';
  return drainMessage(
    `${line.at.toISOString()} heroku[router]: ${at} method=${line.method ?? 'GET'} path="${line.path}" host=myapp.herokuapp.com ` +
      `request_id=${randomUUID()} fwd="203.0.113.9" dyno=${line.dyno ?? 'web.1'} connect=1ms service=${line.serviceMs ?? 12}ms ` +
      `status=${line.status} bytes=512 protocol=https`,
  );
}

/** Logplex's own note that it dropped `dropped` lines (they count as lost, not as requests). */
export function l10Message(at: Date, dropped: number): string {
  const time = at.toISOString();
  return drainMessage(`${time} heroku[logplex]: Error L10 (output buffer overflow): ${dropped} messages dropped since ${time}.`, 172);
}

/** POSTs one batch to a `log_drain_url` as logplex does (credential from the URL's userinfo). */
export async function postBatch(logDrainUrl: string, drainToken: string, messages: string[]): Promise<Response> {
  const url = new URL(logDrainUrl);
  const credential = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${credential}`,
      'content-type': 'application/logplex-1',
      'logplex-msg-count': String(messages.length),
      'logplex-frame-id': randomUUID(),
      'logplex-drain-token': drainToken,
    },
    body: logplexBody(messages),
  });
}
