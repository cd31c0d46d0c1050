import { expect } from 'chai';
import { runServerToExit, spawnServer } from './support/spawn-server.js';

/** The environment without any of the three secrets (a developer's shell may have some set). */
const WITHOUT_SECRETS = { VANITY_SECRET: '', VANITY_ADDON_PASSWORD: '', VANITY_SSO_SALT: '', NODE_ENV: '', DYNO: '', VANITY_HOST: '' };

describe('the built server and the development secrets', () => {
  it('refuses to listen on every interface with the public development secrets: one line naming them, exit 1', async () => {
    const { code, stdout, stderr } = await runServerToExit({ ...WITHOUT_SECRETS, VANITY_HOST: '0.0.0.0', VANITY_SSO_SALT: 'a-real-salt' });
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr.trimEnd().split('\n')).to.have.length(1);
    expect(stderr).to.match(/^at=error msg="cannot start: VANITY_SECRET and VANITY_ADDON_PASSWORD must be set \(VANITY_HOST=0\.0\.0\.0\)/);
  });

  it('refuses to start on a Heroku dyno without them, before touching the database', async () => {
    const { code, stderr } = await runServerToExit({
      ...WITHOUT_SECRETS,
      DYNO: 'web.1',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      VANITY_BASE_URL: 'https://vanity.example.com',
    });
    expect(code).to.equal(1);
    expect(stderr).to.match(/^at=error msg="cannot start: VANITY_SECRET, VANITY_ADDON_PASSWORD and VANITY_SSO_SALT must be set \(DYNO=web\.1\)/);
  });

  it('starts on loopback with them, as npm start does, and says so', async () => {
    const server = await spawnServer({ ...WITHOUT_SECRETS, VANITY_LOG_REQUESTS: 'false' });
    try {
      expect(server.output()).to.include('host=127.0.0.1');
      expect(server.output()).to.include('at=warn msg="development values for VANITY_SECRET VANITY_ADDON_PASSWORD VANITY_SSO_SALT: listening on loopback only');
      expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    } finally {
      await server.kill();
    }
  });
});
