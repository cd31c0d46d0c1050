import { randomUUID } from 'node:crypto';

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

/** One syslog message as logplex frames it: `<length> <message>`, octet-counted. */
function frame(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`;
}

export function routerFrame(line: RouterLine): string {
  const at = line.code ? `at=error code=${line.code} desc="Request timeout"` : 'at=info';
  const fields =
    `${at} method=${line.method ?? 'GET'} path="${line.path}" host=myapp.herokuapp.com request_id=${randomUUID()} ` +
    `fwd="203.0.113.9" dyno=${line.dyno ?? 'web.1'} connect=1ms service=${line.serviceMs ?? 12}ms status=${line.status} bytes=512 protocol=https`;
  return frame(`<158>1 ${line.at.toISOString()} host heroku router - ${fields}\n`);
}

/** Logplex's own note that it dropped `dropped` lines (they count as lost, not as requests). */
export function l10Frame(at: Date, dropped: number): string {
  return frame(`<172>1 ${at.toISOString()} host heroku logplex - Error L10 (output buffer overflow): ${dropped} messages dropped since ${at.toISOString()}.\n`);
}

/** POSTs one batch to a `log_drain_url` as logplex does (credential from the URL's userinfo). */
export async function postBatch(logDrainUrl: string, drainToken: string, frames: string[]): Promise<Response> {
  const url = new URL(logDrainUrl);
  const credential = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${credential}`,
      'content-type': 'application/logplex-1',
      'logplex-msg-count': String(frames.length),
      'logplex-frame-id': randomUUID(),
      'logplex-drain-token': drainToken,
    },
    body: frames.join(''),
  });
}
