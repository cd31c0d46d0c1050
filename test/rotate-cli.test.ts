import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { rebaseOrigin } from '../server/src/simulate/credentialed-url.js';
import { apiFetch } from '../server/test/support/api-client.js';
import { startHerokuStandIn, standInEnv, withGrant } from '../server/test/support/heroku-stand-in.js';
import type { HerokuStandIn } from '../server/test/support/heroku-stand-in.js';
import { postRouterLines } from '../server/test/support/logplex.js';
import { provision, provisionBody } from '../server/test/support/provider-client.js';
import { startTestServer } from '../server/test/support/test-server.js';
import type { TestServer } from '../server/test/support/test-server.js';
import { REPO_ROOT } from './support/spawn-server.js';

const run = promisify(execFile);

/** The status of an API call with this VANITY_URL's credentials. */
async function apiStatus(vanityUrl: string): Promise<number> {
  const res = await apiFetch(`${vanityUrl}/counts`);
  await res.arrayBuffer();
  return res.status;
}

/** `npm run rotate -- <uuid>` as built (server/dist), against a running server's database and the Platform API stand-in. */
describe('the operator command npm run rotate -- <resource uuid>', () => {
  let stand: HerokuStandIn;
  let server: TestServer;
  beforeEach(async () => {
    stand = await startHerokuStandIn();
    server = await startTestServer(standInEnv(stand));
  });
  afterEach(async () => {
    await server.stop();
    await stand.stop();
  });

  const rotate = (args: string[]) =>
    run(process.execPath, [join(REPO_ROOT, 'server/dist/rotation/rotate-cli.js'), ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: server.database.url, VANITY_BASE_URL: server.url, ...standInEnv(stand) },
    });
  const failure = (promise: Promise<unknown>) => promise.then(() => ({ code: 0, stdout: '', stderr: '' }), (error: { code: number; stdout: string; stderr: string }) => error);

  /** An add-on provisioned with a grant the stand-in exchanged: it has a Platform API token. */
  async function provisionWithToken() {
    const provisioned = await provision(server, withGrant(stand, provisionBody()));
    await server.jobs.runNow();
    return provisioned;
  }

  it('rotates and prints the overlap; the running server accepts both keys', async () => {
    const old = await provisionWithToken();
    const { stdout } = await rotate([old.id]);
    const overlap = (await server.store.getResource(old.id))!.previousKeys!.expiresAt;
    expect(stdout).to.equal(
      `rotated: the app's VANITY_URL and log drain now hold new credentials (Heroku restarts the app onto them); the previous ones keep working until ${new Date(overlap * 1000).toISOString()}\n`,
    );
    const patch = JSON.parse(stand.callsTo('PATCH', `/addons/${old.id}/config`).at(-1)?.body ?? 'null') as { config: Array<{ value: string }> };
    const put = JSON.parse(stand.callsTo('PUT', `/addons/${old.id}/log-drains/`).at(-1)?.body ?? 'null') as { url: string };
    const fresh = { vanityUrl: patch.config[0]!.value, logDrainUrl: rebaseOrigin(put.url, server.url) };
    expect(new URL(fresh.vanityUrl).host).to.equal(new URL(server.url).host);
    expect([await apiStatus(old.vanityUrl), await apiStatus(fresh.vanityUrl)]).to.deep.equal([200, 200]);
    expect(await postRouterLines(fresh.logDrainUrl, 1)).to.equal(204);
  });

  it('exits 1 with the reason when Heroku refuses, and on a bad argument', async () => {
    const old = await provisionWithToken();
    stand.script({ method: 'PATCH', path: `/addons/${old.id}/config`, status: 403, body: { id: 'forbidden', message: 'You do not have access to this add-on.' } });
    const refused = await failure(rotate([old.id]));
    expect(refused).to.include({ code: 1, stdout: '' });
    expect(refused.stderr).to.equal(
      `rotate: rolled back, the previous credentials are still the only ones: updating VANITY_URL failed: PATCH /addons/${old.id}/config: Heroku answered 403: You do not have access to this add-on. (forbidden)\n`,
    );
    expect(await apiStatus(old.vanityUrl)).to.equal(200);

    const bad = await failure(rotate(['not-a-uuid']));
    expect(bad).to.include({ code: 1, stderr: 'rotate: expected the add-on\'s resource uuid (as in the operator console), got "not-a-uuid"\n' });
    const none = await failure(rotate([]));
    expect(none).to.include({ code: 1, stderr: 'rotate: usage: npm run rotate -- <resource uuid>\n' });
  });
});
