/**
 * Builds logplex drain bodies the way Heroku sends them: RFC 5424 messages without
 * STRUCTURED-DATA, each octet-counted (`<byte length> <message>`), glued together.
 */

/** A `heroku logs` display line (`TS heroku[router]: msg`) as the drain message Heroku sends. */
export function drainMessage(displayLine: string, pri = 158): string {
  const match = /^(\S+) (\w+)\[([^\]]+)\]: (.*)$/s.exec(displayLine);
  if (!match) throw new Error(`not a display line: ${displayLine}`);
  const [, time, app, proc, msg] = match;
  return `<${pri}>1 ${time} host ${app} ${proc} - ${msg}\n`;
}

export function octetFrame(message: string | Buffer): Buffer {
  const bytes = typeof message === 'string' ? Buffer.from(message) : message;
  return Buffer.concat([Buffer.from(`${bytes.length} `), bytes]);
}

/** A body of octet-counted frames, one per message. */
export function logplexBody(messages: readonly (string | Buffer)[]): Buffer {
  return Buffer.concat(messages.map(octetFrame));
}

let seq = 0;

/** A router line at `time` with the given fields overriding realistic defaults. */
export function routerLine(time: string, fields: Partial<Record<'method' | 'path' | 'dyno' | 'service' | 'status', string>> = {}): string {
  seq++;
  const f = { method: 'GET', path: '/', dyno: 'web.1', service: '12ms', status: '200', ...fields };
  return drainMessage(
    `${time} heroku[router]: at=info method=${f.method} path="${f.path}" host=myapp.herokuapp.com ` +
      `request_id=16e66b60-d846-404a-a8b8-${String(seq).padStart(12, '0')} fwd="13.110.54.39" dyno=${f.dyno} ` +
      `connect=0ms service=${f.service} status=${f.status} bytes=7330 protocol=https`,
  );
}

let postedFrames = 0;

/** POSTs `count` router lines stamped `time` as one Logplex batch (credential from the URL's userinfo); the status. */
export async function postRouterLines(logDrainUrl: string, count: number, time = new Date().toISOString()): Promise<number> {
  const url = new URL(logDrainUrl);
  const credential = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${credential}`,
      'content-type': 'application/logplex-1',
      'logplex-msg-count': String(count),
      'logplex-frame-id': `ROUTERLINES${process.pid}${String(postedFrames++).padStart(8, '0')}`,
    },
    body: logplexBody(Array.from({ length: count }, () => routerLine(time))),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Every sample router line from section 5.2 of the protocol spec, verbatim. */
export const SPEC_ROUTER_LINES = {
  legacy:
    '2020-09-03T19:53:46.177377+00:00 heroku[router]: at=info method=GET path="/" host=stark-earth-43785.herokuapp.com request_id=16e66b60-d846-404a-a8b8-c46689071573 fwd="13.110.54.39" dyno=web.1 connect=0ms service=734ms status=200 bytes=7330 protocol=https',
  post: '2015-04-02T11:52:34.520012+00:00 heroku[router]: at=info method=POST path="/users" host=myapp.com request_id=c1806361-2081-42e7-a8aa-92b6808eac8e fwd="24.76.242.18" dyno=web.1 connect=1ms service=37ms status=201 bytes=828 protocol=https',
  router20:
    '2025-08-08T06:58:53.550240+00:00 heroku[router]: at=info method=GET path="/" host=www.example.de request_id=407b828f-ec16-bfef-cff3-25e749e57945 fwd="45.134.142.196" dyno=web.1 connect=7001ms service=459ms status=200 bytes=15225 protocol=http1.1 tls=true tls_version=tls1.3',
  h12: '2010-10-06T21:51:37-07:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" host=myapp.herokuapp.com fwd=17.17.17.17 dyno=web.1 connect=6ms service=30001ms status=503 bytes=0',
  h10: '2010-10-06T21:51:12-07:00 heroku[router]: at=error code=H10 desc="App crashed" method=GET path="/" host=myapp.herokuapp.com fwd=17.17.17.17 dyno= connect= service= status=503 bytes=',
  h18: '2010-10-06T21:51:37-07:00 heroku[router]: at=error code=H18 desc="Request Interrupted" method=GET path="/" host=myapp.herokuapp.com fwd=17.17.17.17 dyno=web.1 connect=1ms service=0ms status=503 bytes=0 sock=client',
  h26: '2014-05-14T17:17:37.456997+00:00 heroku[router]: at=error code=H26 desc="Request Error" cause="bad header" method=GET path="/" host=myapp.herokuapp.com request_id=3f336f1a-9be3-4791-afe3-596a1f2a481f fwd="17.17.17.17" dyno= connect= service= status=400 bytes=',
  modernH12:
    '2024-05-01T10:00:00.000000+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/slow" host=myapp.herokuapp.com request_id=2f0c6c1e-8a1b-4f7e-9b5e-1c2d3e4f5a6b fwd="203.0.113.7" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0 protocol=https',
} as const;

/** The two example frames of section 4.2 (a dyno manager line and a router line), 324 bytes together. */
export const SPEC_EXAMPLE_BODY =
  '83 <40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up\n' +
  '234 <158>1 2015-04-02T11:52:34.520012+00:00 host heroku router - at=info method=POST path="/users" host=myapp.com request_id=c1806361-2081-42e7-a8aa-92b6808eac8e fwd="24.76.242.18" dyno=web.1 connect=1ms service=37ms status=201 bytes=828\n';

/** Logplex issue 105, verbatim: an L10 notice without a trailing newline, the next frame glued on. */
export const L10_GLUED_BODY =
  '142 <172>1 2014-11-11T08:24:25+00:00 host heroku logplex - Error L10 (output buffer overflow): 1 messages dropped since 2014-11-07T23:29:45+00:00.' +
  '93 <45>1 2014-11-11T08:24:24.064853+00:00 host heroku web.1 - State changed from starting to up\n';
