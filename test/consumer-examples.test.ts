import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';
import { logplexBody, routerLine } from '../server/test/support/logplex.js';

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'addon-manifest.json'), 'utf8')) as { id: string; api: { password: string } };

/** The consumer examples, each run the way its header says, with the interpreters from Debian's packages. */
export const EXAMPLES = [
  { language: 'Node.js', command: [process.execPath, 'examples/node/counts.mjs'] },
  { language: 'Ruby', command: ['/usr/bin/ruby', 'examples/ruby/counts.rb'] },
  { language: 'Python', command: ['/usr/bin/python3', 'examples/python/counts.py'] },
] as const;

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

/** Posts `count` router lines stamped now through the drain, as Logplex would. */
export async function sendRequests(drainUrl: string, count: number): Promise<void> {
  const url = new URL(drainUrl);
  const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = url.password = '';
  const stamp = new Date().toISOString().replace('Z', '000+00:00');
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/logplex-1', 'logplex-frame-id': randomUUID() },
    body: logplexBody(Array.from({ length: count }, (_, i) => routerLine(stamp, { path: `/items/${i}`, status: i % 4 === 0 ? '404' : '200' }))),
  });
  if (res.status !== 204) throw new Error(`drain answered ${res.status}`);
}

describe('the consumer examples (examples/node, ruby, python) against the built server', () => {
  let server: SpawnedServer;
  let vanityUrl: string;
  before(async () => {
    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false' });
    const local = await provisionLocal(server);
    vanityUrl = local.vanityUrl;
    await sendRequests(local.drainUrl, 3);
  });
  after(() => server.kill());

  for (const example of EXAMPLES) {
    it(`${example.language} prints the all-time total and today's count from VANITY_URL`, async () => {
      const [bin, ...args] = example.command;
      const { stdout } = await run(bin, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, VANITY_URL: vanityUrl } });
      expect(stdout).to.equal('all-time total: 3\ntoday: 3\n');
    });

    it(`${example.language} says what Vanity answered when the credential is wrong`, async () => {
      const wrong = new URL(vanityUrl);
      wrong.password = 'wrong-key';
      const [bin, ...args] = example.command;
      const failed = await run(bin, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, VANITY_URL: wrong.toString() } }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).to.equal(1);
      expect(failed?.stderr).to.match(/Vanity answered 401: /);
    });
  }
});
