import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rebaseOrigin, splitUserinfo } from '../server/src/simulate/credentialed-url.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'addon-manifest.json'), 'utf8')) as { id: string; api: { password: string } };

/** The README's "try it locally" drain block: the shell lines of the sh block that posts a router line. */
function readmeDrainBlock(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```sh\n(LOG_DRAIN_URL=[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README: no sh block starting with LOG_DRAIN_URL=');
  return block;
}

describe('the README drain curl against the built server', () => {
  let server: SpawnedServer;
  before(async () => {
    // A public host that is not this server, as on Heroku: only rebasing the URL reaches it.
    server = await spawnServer({ VANITY_BASE_URL: 'https://vanity.example.com', VANITY_LOG_REQUESTS: 'false' });
  });
  after(() => server.kill());

  it('rebases the https log_drain_url onto the local server and gets its line counted', async () => {
    const res = await fetch(`${server.url}/heroku/resources`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uuid: randomUUID(), plan: 'hobby' }),
    });
    const body = (await res.json()) as { log_drain_url: string; config: { VANITY_URL: string } };
    expect(body.log_drain_url).to.match(/^https:\/\/logplex:[^@]+@vanity\.example\.com\/logs\//);
    // The block as printed, with this server's port where a reader's `npm start` listens.
    const script = readmeDrainBlock().replaceAll('localhost:5000', `127.0.0.1:${server.port}`);
    const { stdout } = await run('bash', ['-c', script], { env: { PATH: process.env.PATH, LOG_DRAIN_URL: body.log_drain_url } });
    expect(stdout.trim()).to.equal('204');

    const api = splitUserinfo(`${rebaseOrigin(body.config.VANITY_URL, server.url)}/counts?since=2026-11-23T00:00Z&until=2026-11-24T00:00Z`);
    const counts = (await (await fetch(api.url, { headers: { authorization: api.authorization } })).json()) as { sum: number };
    expect(counts.sum).to.equal(1);
  });
});
