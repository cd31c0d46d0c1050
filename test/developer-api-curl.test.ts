import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'addon-manifest.json'), 'utf8')) as { id: string; api: { password: string } };

/** The `curl "$VANITY_URL…"` lines of the README's developer API section, comments dropped. */
function readmeCurls(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split('## The developer API (VANITY_URL)')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('curl "$VANITY_URL'))
    .map((line) => line.replace(/\s+#.*$/, ''));
}

describe('the README curl examples against the built server', () => {
  let server: SpawnedServer;
  let vanityUrl: string;
  before(async () => {
    server = await spawnServer({ VANITY_BASE_URL: 'https://vanity.test', VANITY_LOG_REQUESTS: 'false' });
    const res = await fetch(`${server.url}/heroku/resources`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uuid: randomUUID(), plan: 'hobby', options: { timezone: 'Europe/Berlin' } }),
    });
    const body = (await res.json()) as { config: { VANITY_URL: string } };
    // The same VANITY_URL, pointed at the spawned server.
    const url = new URL(body.config.VANITY_URL);
    url.protocol = 'http:';
    url.host = `127.0.0.1:${server.port}`;
    vanityUrl = url.toString();
  });
  after(async () => {
    await server.kill();
  });

  it('finds the examples', () => {
    expect(readmeCurls()).to.include('curl "$VANITY_URL/counts?since=7d&interval=day&tz=Europe/Berlin"');
  });

  it('answers every example with 200 as printed (curl sends the userinfo as basic auth)', async () => {
    for (const command of readmeCurls()) {
      const { stdout } = await run('sh', ['-c', `${command.replace(/^curl /, 'curl -s -w "\\n%{http_code}" ')}`], {
        env: { PATH: process.env.PATH, VANITY_URL: vanityUrl },
      });
      const status = stdout.trim().split('\n').at(-1);
      expect(status, `${command}\n${stdout}`).to.equal('200');
    }
  });

  it('gives the Berlin daily series the example asks for', async () => {
    const { stdout } = await run('sh', ['-c', 'curl -s "$VANITY_URL/counts?since=7d&interval=day&tz=Europe/Berlin"'], {
      env: { PATH: process.env.PATH, VANITY_URL: vanityUrl },
    });
    const body = JSON.parse(stdout) as { tz: string; interval: string; series: Array<{ t: string }> };
    expect(body).to.deep.include({ tz: 'Europe/Berlin', interval: 'day' });
    expect(body.series).to.have.length(8);
    expect(body.series[0]?.t).to.match(/^\d{4}-\d\d-\d\dT00:00:00\+0[12]:00$/);
  });
});
