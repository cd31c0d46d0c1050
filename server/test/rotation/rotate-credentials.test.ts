import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { rebaseOrigin } from '../../src/simulate/credentialed-url.js';
import { rotateCredentials } from '../../src/rotation/rotate-credentials.js';
import { USER_AGENT } from '../../src/platform/user-agent.js';
import { apiFetch } from '../support/api-client.js';
import { postRouterLines } from '../support/logplex.js';
import { provision, provisionBody } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { startHerokuStandIn, standInEnv, withGrant } from '../support/heroku-stand-in.js';
import type { HerokuStandIn, RecordedCall } from '../support/heroku-stand-in.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const run = promisify(execFile);
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const OVERLAP_SECONDS = 7200;

/** The status of an API call with this VANITY_URL's credentials. */
async function apiStatus(vanityUrl: string): Promise<number> {
  const res = await apiFetch(`${vanityUrl}/counts`);
  await res.arrayBuffer();
  return res.status;
}

const bodyOf = (call: RecordedCall | undefined): unknown => JSON.parse(call?.body ?? 'null');

describe('rotation: credential rotation with overlap, through the Platform API stand-in', () => {
  let stand: HerokuStandIn;
  let server: TestServer;
  // The server's clock: tests move it past the overlap instead of waiting.
  let clockMs = Date.now();

  beforeEach(async () => {
    clockMs = Date.now();
    stand = await startHerokuStandIn();
    server = await startTestServer({ ...standInEnv(stand), VANITY_ROTATION_OVERLAP_SECONDS: String(OVERLAP_SECONDS) }, { now: () => new Date(clockMs) });
  });
  afterEach(async () => {
    await server.stop();
    await stand.stop();
  });

  /** A resource provisioned with a grant the stand-in exchanged: it has a Platform API token. */
  async function provisionWithToken(): Promise<Provisioned & { seq: number }> {
    const provisioned = await provision(server, withGrant(stand, provisionBody()));
    await server.jobs.runNow();
    const seq = (await server.store.getResource(provisioned.id))!.seq;
    expect(await server.store.getPlatform(seq)).to.include({ tokenState: 'ok' });
    return { ...provisioned, seq };
  }

  /** The URLs Heroku was asked to set, from the recorded PATCH and PUT. */
  function publishedUrls(id: string) {
    const patch = stand.callsTo('PATCH', `/addons/${id}/config`).at(-1);
    const put = stand.callsTo('PUT', `/addons/${id}/log-drains/`).at(-1);
    const config = bodyOf(patch) as { config: Array<{ name: string; value: string }> };
    return { vanityUrl: config.config[0]!.value, logDrainUrl: rebaseOrigin((bodyOf(put) as { url: string }).url, server.url) };
  }

  it('sends the new VANITY_URL and drain URL to Heroku; old and new keys both work until the overlap ends, then only the new', async () => {
    const old = await provisionWithToken();
    const result = await rotateCredentials(server.platform, old.id);
    const rotatedAt = Math.floor(clockMs / 1000);
    expect(result).to.deep.equal({ outcome: 'rotated', overlapUntil: new Date((rotatedAt + OVERLAP_SECONDS) * 1000) });

    const [patch] = stand.callsTo('PATCH', `/addons/${old.id}/config`);
    const [put] = stand.callsTo('PUT', `/addons/${old.id}/log-drains/`);
    expect(put!.path).to.equal(`/addons/${old.id}/log-drains/${encodeURIComponent(old.logDrainToken)}`);
    for (const call of [patch!, put!]) {
      expect(call.headers).to.include({ authorization: 'Bearer access-1', accept: 'application/vnd.heroku+json; version=3', 'content-type': 'application/json', 'user-agent': USER_AGENT });
      expect(call.status).to.equal(200);
    }
    const fresh = publishedUrls(old.id);
    expect(bodyOf(patch)).to.deep.equal({ config: [{ name: 'VANITY_URL', value: fresh.vanityUrl }] });
    expect(Object.keys(bodyOf(put) as object)).to.deep.equal(['url']);
    expect(new URL(fresh.vanityUrl).username).to.equal(old.id);
    expect(fresh.vanityUrl).not.to.equal(old.vanityUrl);
    expect(new URL((bodyOf(put) as { url: string }).url).protocol).to.equal('https:');
    expect(new URL(fresh.logDrainUrl).password).not.to.equal(new URL(old.logDrainUrl).password);

    const platform = (await server.store.getPlatform(old.seq))!;
    expect(platform).to.include({ rotationState: 'ok', rotationReason: null, rotatedAt });
    // A retried provision answers with the current credentials.
    expect((await provision(server, withGrant(stand, provisionBody({ uuid: old.id })))).vanityUrl).to.equal(fresh.vanityUrl);

    const allWork = async (label: string) => {
      expect([await apiStatus(old.vanityUrl), await apiStatus(fresh.vanityUrl)], label).to.deep.equal([200, 200]);
      expect([await postRouterLines(old.logDrainUrl, 1), await postRouterLines(fresh.logDrainUrl, 1)], label).to.deep.equal([204, 204]);
    };
    await allWork('right after the rotation');
    clockMs = (rotatedAt + OVERLAP_SECONDS - 1) * 1000;
    await allWork('the last second of the overlap');

    clockMs = (rotatedAt + OVERLAP_SECONDS) * 1000;
    // Auth judges the expiry itself; the job has not run yet.
    expect((await server.store.getResource(old.id))!.previousKeys).not.to.equal(null);
    expect([await apiStatus(old.vanityUrl), await postRouterLines(old.logDrainUrl, 1)]).to.deep.equal([401, 401]);
    await server.jobs.runNow();
    expect((await server.store.getResource(old.id))!.previousKeys).to.equal(null);
    expect([await apiStatus(old.vanityUrl), await postRouterLines(old.logDrainUrl, 1)]).to.deep.equal([401, 401]);
    expect([await apiStatus(fresh.vanityUrl), await postRouterLines(fresh.logDrainUrl, 1)]).to.deep.equal([200, 204]);
    const counts = await apiFetch(`${fresh.vanityUrl}`);
    expect(((await counts.json()) as { total: number }).total).to.equal(5);
  });

  async function expectOnlyOldKeys(old: Provisioned, fresh: { vanityUrl: string; logDrainUrl: string }) {
    expect([await apiStatus(old.vanityUrl), await postRouterLines(old.logDrainUrl, 1)], 'old keys').to.deep.equal([200, 204]);
    expect([await apiStatus(fresh.vanityUrl), await postRouterLines(fresh.logDrainUrl, 1)], 'new keys').to.deep.equal([401, 401]);
    const resource = (await server.store.getResource(old.id))!;
    expect(resource.previousKeys).to.equal(null);
  }

  for (const status of [503, 422]) {
    it(`rolls back when Heroku answers the config PATCH with ${status}: the old keys stay the only keys, the drain URL is put back`, async () => {
      const old = await provisionWithToken();
      const before = (await server.store.getResource(old.id))!;
      // A 5xx is retried by the client (4 tries); a 4xx is not.
      stand.script({ method: 'PATCH', path: `/addons/${old.id}/config`, status, times: status >= 500 ? 4 : 1, body: { id: 'invalid_params', message: 'Config var VANITY_URL cannot be set.' } });
      const result = await rotateCredentials(server.platform, old.id);
      expect(result.outcome).to.equal('rolled_back');
      const reason = (result as { reason: string }).reason;
      expect(reason).to.equal(`updating VANITY_URL failed: PATCH /addons/${old.id}/config: Heroku answered ${status}: Config var VANITY_URL cannot be set. (invalid_params)`);
      expect(await server.store.getPlatform(old.seq)).to.include({ rotationState: 'rolled_back', rotationReason: reason });

      const puts = stand.callsTo('PUT', `/addons/${old.id}/log-drains/`);
      expect(puts.map((c) => c.status)).to.deep.equal([200, 200]);
      const tried = rebaseOrigin((bodyOf(puts[0]) as { url: string }).url, server.url);
      expect(rebaseOrigin((bodyOf(puts[1]) as { url: string }).url, server.url)).to.equal(old.logDrainUrl);
      const triedVanityUrl = (bodyOf(stand.callsTo('PATCH', `/addons/${old.id}/config`)[0]) as { config: Array<{ value: string }> }).config[0]!.value;
      await expectOnlyOldKeys(old, { vanityUrl: triedVanityUrl, logDrainUrl: tried });
      expect((await server.store.getResource(old.id))!.keySalt).to.equal(before.keySalt);
    });
  }

  it('rolls back when Heroku refuses the log-drain PUT, and puts the previous VANITY_URL back', async () => {
    const old = await provisionWithToken();
    stand.script({ method: 'PUT', path: `/addons/${old.id}/log-drains/`, status: 404, body: { id: 'not_found', message: 'Couldn\u2019t find that log drain.' } });
    const result = await rotateCredentials(server.platform, old.id);
    expect(result).to.deep.equal({
      outcome: 'rolled_back',
      reason: `updating the log drain URL failed: PUT /addons/${old.id}/log-drains/${encodeURIComponent(old.logDrainToken)}: Heroku answered 404: Couldn\u2019t find that log drain. (not_found)`,
    });
    const patches = stand.callsTo('PATCH', `/addons/${old.id}/config`);
    expect(patches.map((c) => c.status)).to.deep.equal([200, 200]);
    expect(bodyOf(patches[1])).to.deep.equal({ config: [{ name: 'VANITY_URL', value: old.vanityUrl }] });
    const tried = {
      vanityUrl: (bodyOf(patches[0]) as { config: Array<{ value: string }> }).config[0]!.value,
      logDrainUrl: rebaseOrigin((bodyOf(stand.callsTo('PUT', `/addons/${old.id}/log-drains/`)[0]) as { url: string }).url, server.url),
    };
    await expectOnlyOldKeys(old, tried);
    expect(await server.store.getPlatform(old.seq)).to.include({ rotationState: 'rolled_back' });
  });

  it('refuses without a Platform API token, changing nothing and calling nothing', async () => {
    const old = await provision(server, { oauth_grant: null });
    const before = await server.store.getResource(old.id);
    const result = await rotateCredentials(server.platform, old.id);
    expect(result.outcome).to.equal('refused');
    expect((result as { reason: string }).reason).to.match(/^Vanity has no Platform API token for this add-on \(it was provisioned without an oauth_grant/);
    expect(stand.calls.filter((c) => c.path.startsWith('/addons/'))).to.deep.equal([]);
    expect(await server.store.getResource(old.id)).to.deep.equal(before);
    expect(await apiStatus(old.vanityUrl)).to.equal(200);
  });

  it('refuses a second rotation of the same add-on while one is running, and an unknown add-on', async () => {
    const old = await provisionWithToken();
    const first = rotateCredentials(server.platform, old.id);
    const second = await rotateCredentials(server.platform, old.id);
    expect(second).to.deep.equal({ outcome: 'refused', reason: 'a rotation of this add-on is already running; wait for its outcome' });
    expect((await first).outcome).to.equal('rotated');
    expect(stand.callsTo('PATCH', '/addons/')).to.have.length(1);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await rotateCredentials(server.platform, unknown)).to.deep.equal({ outcome: 'refused', reason: `no live Vanity add-on ${unknown}` });
  });

  describe('the operator command (npm run rotate -- <resource uuid>)', () => {
    const rotate = (args: string[], env: Record<string, string> = {}) =>
      run(process.execPath, ['--import', 'tsx', 'src/rotation/rotate-cli.ts', ...args], {
        cwd: SERVER_DIR,
        env: { PATH: process.env.PATH, DATABASE_URL: server.database.url, VANITY_BASE_URL: server.url, ...standInEnv(stand), ...env },
      });
    const failure = (promise: Promise<unknown>) => promise.then(() => ({ code: 0, stdout: '', stderr: '' }), (error: { code: number; stdout: string; stderr: string }) => error);

    it('rotates and prints the overlap; the running server accepts both keys', async () => {
      const old = await provisionWithToken();
      const { stdout } = await rotate([old.id]);
      const overlap = (await server.store.getResource(old.id))!.previousKeys!.expiresAt;
      expect(stdout).to.equal(
        `rotated: the app's VANITY_URL and log drain now hold new credentials (Heroku restarts the app onto them); the previous ones keep working until ${new Date(overlap * 1000).toISOString()}\n`,
      );
      const fresh = publishedUrls(old.id);
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
});
