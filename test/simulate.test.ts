import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { freePort } from '../server/test/support/free-port.js';
import { splitUserinfo } from '../server/src/simulate/credentialed-url.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const run = promisify(execFile);

/** `npm run simulate -- …args`, without npm's own output. */
function simulate(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'server/src/simulate/simulate-cli.ts', ...args], { cwd: REPO_ROOT, timeout: 30_000 });
}

function figure(output: string, pattern: RegExp): number {
  const match = pattern.exec(output);
  if (!match?.[1]) throw new Error(`no ${pattern} in:\n${output}`);
  return Number(match[1].replaceAll(',', ''));
}

async function counts(vanityUrl: string): Promise<{ total: number; sum: number; lost_lines: number }> {
  const api = splitUserinfo(`${vanityUrl}/counts?since=1h`);
  const res = await fetch(api.url, { headers: { authorization: api.authorization } });
  expect(res.status).to.equal(200);
  return (await res.json()) as { total: number; sum: number; lost_lines: number };
}

describe('npm run simulate against the built server', () => {
  let server: SpawnedServer;
  before(async () => {
    const port = await freePort();
    server = await spawnServer({ PORT: String(port), VANITY_LOG_REQUESTS: 'false' });
  });
  after(() => server.kill());

  it('prints a working VANITY_URL, and the API counts exactly the requests the server acknowledged', async () => {
    const first = (await simulate('--rps', '300', '--duration', '3s', '--app', 'e2e-shop', '--url', server.url)).stdout;
    const vanityUrl = /export VANITY_URL='([^']+)'/.exec(first)?.[1] ?? '';
    expect(first).to.include('curl "$VANITY_URL/counts?since=1h"');
    const acknowledged = figure(first, /done: .*acknowledged ([\d,]+) requests/);
    expect(acknowledged).to.be.at.least(600);
    let body = await counts(vanityUrl);
    expect(body.total).to.equal(acknowledged);
    expect(body.sum).to.equal(acknowledged);
    expect(body.lost_lines).to.equal(figure(first, /done: .*L10 reported ([\d,]+) lost/));

    const second = (await simulate('--rps', '100', '--duration', '1s', '--app', 'e2e-shop', '--url', server.url)).stdout;
    expect(second).to.include(`export VANITY_URL='${vanityUrl}'`);
    body = await counts(vanityUrl);
    expect(body.total).to.equal(acknowledged + figure(second, /done: .*acknowledged ([\d,]+) requests/));
  });

  it('tells the user to start the server when none runs', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const err = (await simulate('--duration', '1s', '--url', url).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).to.equal(1);
    expect(err.stderr).to.include(`simulate: no Vanity server answers at ${url} (ECONNREFUSED): start it with npm start`);
  });
});
