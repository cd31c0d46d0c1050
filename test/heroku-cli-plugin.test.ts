import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fetchWithUserinfo, provision } from '../server/test/support/provider-client.js';
import type { Provisioned } from '../server/test/support/provider-client.js';
import { startTestServer } from '../server/test/support/test-server.js';
import type { TestServer } from '../server/test/support/test-server.js';
import { herokuCli, unwrapped } from './support/heroku-cli.js';
import type { HerokuCli } from './support/heroku-cli.js';
import { postToDrain } from './support/logplex-batch.js';
import { startPlatformApiStub } from './support/platform-api-stub.js';
import { startRecordingProxy } from './support/recording-proxy.js';
import type { RecordingProxy } from './support/recording-proxy.js';
import type { PlatformApiStub } from './support/platform-api-stub.js';
import { tenRequests } from './support/ten-requests.js';
import { REPO_ROOT } from './support/spawn-server.js';

const TOKEN = 'heroku-api-token-for-the-e2e-test';
const execFileAsync = promisify(execFile);


describe('heroku-vanity linked into the real heroku CLI', () => {
  const traffic = tenRequests(new Date());
  let server: TestServer;
  let resource: Provisioned;
  let platformApi: PlatformApiStub;
  let cli: HerokuCli;
  /** In front of the Vanity server, to see what the plugin sends it. */
  let vanityProxy: RecordingProxy;

  before(async () => {
    server = await startTestServer();
    resource = await provision(server, { name: 'myapp-vanity' });
    expect(await postToDrain(resource.logDrainUrl, resource.logDrainToken, traffic.bodies)).to.deep.equal([204, 204]);
    vanityProxy = await startRecordingProxy(server.url);
    const proxiedUrl = new URL(resource.vanityUrl);
    proxiedUrl.host = new URL(vanityProxy.url).host;
    platformApi = await startPlatformApiStub(TOKEN, {
      myapp: {
        addons: [
          { name: 'postgresql-curved-1', addon_service: { name: 'heroku-postgresql' }, config_vars: ['DATABASE_URL'] },
          { name: 'vanity-shaped-2', addon_service: { name: 'vanity' }, config_vars: ['TRAFFIC_URL'] },
        ],
        config: { DATABASE_URL: 'postgres://u:p@db.invalid/d', TRAFFIC_URL: proxiedUrl.toString() },
      },
      emptyapp: { addons: [], config: {} },
    });
    cli = herokuCli(platformApi.url, TOKEN);
    const linked = await cli.run(['plugins:link', join(REPO_ROOT, 'plugin'), '--no-install']);
    expect(linked.code, linked.stderr).to.equal(0);
  });
  after(async () => {
    cli?.cleanup();
    await platformApi?.stop();
    await vanityProxy?.stop();
    await server?.stop();
  });

  it('heroku help vanity lists the commands', async () => {
    const { code, stdout } = await cli.run(['help', 'vanity']);
    expect(code).to.equal(0);
    expect(stdout).to.match(/vanity:counts +show how many HTTP requests/);
    expect(stdout).to.match(/vanity:top +rank an app's HTTP requests/);
    expect(stdout).to.match(/vanity:releases +score an app's deploys/);
  });

  it('heroku vanity:counts -a myapp --json reads the attachment renamed TRAFFIC_URL and prints the API\'s counts', async () => {
    const { code, stdout, stderr } = await cli.run(['vanity:counts', '-a', 'myapp', '--json']);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout) as { total: number; sum: number; errors: number; lost_lines: number; router_errors: object };
    expect(report.total).to.equal(traffic.expected.total);
    expect(report.sum).to.equal(traffic.expected.total);
    expect(report.errors).to.equal(traffic.expected.errors);
    expect(report.lost_lines).to.equal(traffic.expected.lostLines);
    expect(report.router_errors).to.deep.equal(traffic.expected.routerErrors);
    const direct = (await (await fetchWithUserinfo(`${resource.vanityUrl}/counts`)).json()) as { total: number };
    expect(report.total).to.equal(direct.total);
    expect(platformApi.seen.map((request) => request.path)).to.include.members(['/apps/myapp/addons', '/apps/myapp/config-vars']);
    expect(platformApi.seen.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).to.equal(true);
    // Vanity gets its own credential, and the Heroku token never
    const credential = new URL(resource.vanityUrl);
    const basic = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    expect(vanityProxy.seen.length).to.be.greaterThan(0);
    for (const headers of vanityProxy.seen) {
      expect(headers.authorization).to.equal(basic);
      expect(JSON.stringify(headers)).not.to.include(TOKEN);
    }
  });

  it('without -a, takes the app from the git remote, like every Heroku command', async () => {
    const checkout = join(cli.home, 'myapp-checkout');
    await execFileAsync('git', ['init', '-q', checkout]);
    // the CLI reads `https://<git host>/<app>.git` remotes, the git host following HEROKU_HOST
    await execFileAsync('git', ['-C', checkout, 'remote', 'add', 'heroku', `${platformApi.url.replace('http:', 'https:')}/myapp.git`]);
    const { code, stdout, stderr } = await cli.run(['vanity:counts', '--json'], checkout);
    expect(code, stderr).to.equal(0);
    expect((JSON.parse(stdout) as { total: number }).total).to.equal(traffic.expected.total);
  });

  it('heroku vanity:top -a myapp ranks the paths', async () => {
    const { code, stdout, stderr } = await cli.run(['vanity:top', '-a', 'myapp']);
    expect(code, stderr).to.equal(0);
    expect(stdout).to.include('=== myapp Requests by path');
    const rows = stdout.split('\n').map((line) => line.trim().split(/\s{2,}/)).filter((cells) => /^\d+$/.test(cells[0]!));
    expect(rows.map((cells) => [cells[1], cells[2]])).to.deep.equal(
      traffic.expected.topPaths.map((item) => [item.key, String(item.count)]),
    );
  });

  it('an app without the add-on gets the install command; an unknown app gets Heroku\'s answer', async () => {
    const empty = await cli.run(['vanity', '-a', 'emptyapp']);
    expect(empty.code).to.equal(2);
    expect(unwrapped(empty.stderr)).to.include('Vanity is not installed on emptyapp. Install it with `heroku addons:create vanity -a emptyapp`.');
    const unknown = await cli.run(['vanity', '-a', 'nosuchapp']);
    expect(unknown.code).not.to.equal(0);
    expect(unwrapped(unknown.stderr)).to.include("Couldn't find that app.");
  });
});
