import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provision } from '../server/test/support/provider-client.js';
import { startTestServer } from '../server/test/support/test-server.js';
import type { TestServer } from '../server/test/support/test-server.js';
import { herokuCli } from './support/heroku-cli.js';
import type { HerokuCli } from './support/heroku-cli.js';
import { postToDrain } from './support/logplex-batch.js';
import { packPlugin } from './support/pack-plugin.js';
import { startPlatformApiStub } from './support/platform-api-stub.js';
import type { PlatformApiStub } from './support/platform-api-stub.js';
import { tenRequests } from './support/ten-requests.js';

const TOKEN = 'heroku-api-token-for-the-install-test';

describe('heroku-vanity installed from its packed tarball into the real heroku CLI', function () {
  // The install fetches the plugin's runtime dependencies from the npm registry.
  this.timeout(300_000);
  const traffic = tenRequests(new Date());
  let packDir: string;
  let server: TestServer;
  let platformApi: PlatformApiStub;
  let cli: HerokuCli;

  before(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'vanity-pack-'));
    server = await startTestServer();
    const resource = await provision(server, { name: 'myapp-vanity' });
    expect(await postToDrain(resource.logDrainUrl, resource.logDrainToken, traffic.bodies)).to.deep.equal([204, 204]);
    platformApi = await startPlatformApiStub(TOKEN, {
      myapp: {
        addons: [{ name: 'vanity-shaped-2', addon_service: { name: 'vanity' }, config_vars: ['VANITY_URL'] }],
        config: { VANITY_URL: resource.vanityUrl },
      },
    });
    cli = herokuCli(platformApi.url, TOKEN);
  });
  after(async () => {
    cli?.cleanup();
    await platformApi?.stop();
    await server?.stop();
    rmSync(packDir, { recursive: true, force: true });
  });

  it('installs with plugins:install file:<tarball> and counts through the Platform API', async () => {
    const tarball = await packPlugin(packDir);
    const installed = await cli.run(['plugins:install', `file:${tarball}`]);
    expect(installed.code, installed.stderr).to.equal(0);

    const plugins = await cli.run(['plugins']);
    expect(plugins.stdout).to.match(/heroku-vanity \d+\.\d+\.\d+/);
    expect(plugins.stdout).not.to.include('(link)');

    const { code, stdout, stderr } = await cli.run(['vanity:counts', '-a', 'myapp', '--json']);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout) as { total: number; errors: number };
    expect(report.total).to.equal(traffic.expected.total);
    expect(report.errors).to.equal(traffic.expected.errors);
  });
});
