import logfmt from 'logfmt';
import type { RouterRequest } from '../server/src/parse/drain-body.js';

/**
 * The baseline parser: what one would write first with the `logfmt` package. Newline framing
 * (split the body into lines), a regex for the syslog header, `logfmt.parse` for the message,
 * then the same fields Vanity's parser returns (`RouterRequest`), path normalised the simple way.
 */
export interface BaselineResult {
  requests: RouterRequest[];
  lost: number;
  lines: number;
}

const SYSLOG = /^\d+ <\d+>1 (\S+) \S+ (\S+) (\S+) \S+ (.*)$/;
const L10 = /^Error L10 \(output buffer overflow\): (\d+) messages dropped/;
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[a-f]*\d)[0-9a-f]{12,})$/i;

function normalise(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  if (bare === '') return '/';
  return bare
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null || value === true ? '' : String(value);
}

function toRequest(time: number, kv: Record<string, unknown>): RouterRequest {
  const status = Number.parseInt(text(kv.status), 10);
  const service = Number.parseInt(text(kv.service), 10);
  return {
    time,
    method: text(kv.method),
    status: Number.isNaN(status) ? null : status,
    path: normalise(text(kv.path)),
    dyno: text(kv.dyno),
    code: text(kv.code),
    serviceMs: Number.isNaN(service) ? null : service,
    atError: kv.at === 'error',
  };
}

export function parseWithLogfmt(body: Buffer): BaselineResult {
  const result: BaselineResult = { requests: [], lost: 0, lines: 0 };
  for (const line of body.toString('utf8').split('\n')) {
    if (line === '') continue;
    result.lines++;
    const match = SYSLOG.exec(line);
    if (!match || match[2] !== 'heroku') continue;
    const [, timestamp = '', , proc, message = ''] = match;
    if (proc === 'router') {
      result.requests.push(toRequest(Date.parse(timestamp), logfmt.parse(message) as Record<string, unknown>));
    } else if (proc === 'logplex') {
      result.lost += Number(L10.exec(message)?.[1] ?? 0);
    }
  }
  return result;
}
