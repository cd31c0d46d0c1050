/** Realistic logplex drain bodies for the benches. */

const DYNOS = ['web.1', 'web.2', 'web.3', 'worker.1'];
const PATHS = ['/', '/users/1234', '/api/v1/items?page=2', '/assets/app-5f1e2d3c4b5a69788796a5b4c3d2e1f0.js', '/login', '/posts/9f8e7d6c-5b4a-3210-fedc-ba9876543210/comments'];

function routerLine(i: number): string {
  const path = PATHS[i % PATHS.length] as string;
  // A busy app fills a 100 KiB batch in seconds: one line every 10 ms.
  const ms = i * 10;
  const ts = `2026-11-23T10:${String(Math.floor(ms / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}.${String((ms % 1000) * 1000).padStart(6, '0')}+00:00`;
  return `<158>1 ${ts} host heroku router - at=info method=GET path="${path}" host=myapp.herokuapp.com request_id=16e66b60-d846-404a-a8b8-c46689071573 fwd="13.110.54.39" dyno=${DYNOS[i % DYNOS.length]} connect=0ms service=${i % 900}ms status=200 bytes=7330 protocol=http1.1 tls=true tls_version=tls1.3\n`;
}

function appLine(i: number): string {
  return `<190>1 2026-11-23T10:00:00.000000+00:00 host app web.1 - [info] Completed 200 OK in ${i % 100}ms (Views: 1.2ms | ActiveRecord: 0.4ms)\n`;
}

/** A ~100 KiB logplex body (what logplex sends per POST): 3 router lines to 1 app line. `offset` varies the times. */
export function makeBody(target = 100 * 1024, offset = 0): { body: Buffer; lines: number } {
  let text = '';
  let lines = 0;
  while (text.length < target) {
    const msg = lines % 4 === 3 ? appLine(lines) : routerLine(lines + offset);
    text += `${Buffer.byteLength(msg)} ${msg}`;
    lines++;
  }
  return { body: Buffer.from(text), lines };
}
