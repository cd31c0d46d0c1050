import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { rebaseOrigin } from '../../src/simulate/credentialed-url.js';
import type { RunningServer } from '../../src/server.js';
import { logplexBody, routerLine } from '../support/logplex.js';
import { fetchWithUserinfo, provisionBody } from '../support/provider-client.js';
import { cookieHeader, ssoForm } from '../support/sso-client.js';
import { createTestDatabase } from '../support/test-database.js';
import type { TestDatabase } from '../support/test-database.js';

const SECRETS = {
  VANITY_SECRET: 'server-secret-4b1d6a0c9e',
  VANITY_ADDON_PASSWORD: 'provider-password-7f3e21',
  VANITY_SSO_SALT: 'sso-salt-5c88d0a1',
  VANITY_OAUTH_CLIENT_SECRET: 'oauth-client-secret-93b0e4',
};
const DATABASE_PASSWORD = 'database-password-2a9f77';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** DATABASE_URL with a password (PostgreSQL here trusts, so any password connects). */
function withPassword(database: TestDatabase): string {
  if (database.kind === 'sqlite') return database.url;
  const url = new URL(database.url);
  url.password = DATABASE_PASSWORD;
  return url.toString();
}

describe('log: no secret ever reaches the log', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    database = await createTestDatabase();
    const config = loadConfig({ PORT: '0', VANITY_LOG_REQUESTS: 'true', VANITY_RETENTION_INTERVAL_SECONDS: '0', DATABASE_URL: withPassword(database), ...SECRETS });
    server = await startServer(config, { log: (line) => lines.push(line) });
    config.baseUrl = server.url;
  });
  afterEach(async () => {
    await server.stop();
    await database.drop();
  });

  it('through the request log, drain warnings, health failures and both error handlers', async () => {
    const url = server.url;
    const provider = basic('vanity', SECRETS.VANITY_ADDON_PASSWORD);
    const provisioned = await fetch(`${url}/heroku/resources?password=${SECRETS.VANITY_ADDON_PASSWORD}`, {
      method: 'POST',
      headers: { authorization: provider, 'content-type': 'application/json' },
      body: JSON.stringify(provisionBody()),
    });
    expect(provisioned.status).to.equal(200);
    const { id, config, log_drain_url: httpsDrainUrl } = (await provisioned.json()) as { id: string; config: { VANITY_URL: string }; log_drain_url: string };
    const drainUrl = rebaseOrigin(httpsDrainUrl, url);
    const apiKey = decodeURIComponent(new URL(config.VANITY_URL).password);
    const drainPassword = decodeURIComponent(new URL(drainUrl).password);
    const wrongProvider = basic('vanity', `${SECRETS.VANITY_ADDON_PASSWORD}-wrong`);
    expect((await fetch(`${url}/heroku/resources/${id}`, { method: 'PUT', headers: { authorization: wrongProvider } })).status).to.equal(401);

    expect((await fetchWithUserinfo(`${config.VANITY_URL}/counts?since=1h&key=${apiKey}`)).status).to.equal(200);
    const badBatch = Buffer.concat([logplexBody([routerLine('2026-11-23T10:00:00Z')]), Buffer.from('garbage')]);
    expect((await fetchWithUserinfo(drainUrl, { method: 'POST', body: badBatch, headers: { 'logplex-msg-count': '9', 'x-request-id': `id with "quotes"\tand a tab` } })).status).to.equal(204);

    const form = ssoForm(id, Math.floor(Date.now() / 1000), { salt: SECRETS.VANITY_SSO_SALT });
    const signedIn = await fetch(`${url}/sso/login?resource_token=${form.resource_token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    expect(signedIn.status).to.equal(302);
    const cookie = cookieHeader(signedIn);

    // A store that fails under every route: health, the JSON and the HTML error handlers log.
    await server.store.close();
    expect((await fetch(`${url}/health`)).status).to.equal(503);
    expect((await fetchWithUserinfo(`${config.VANITY_URL}/counts`)).status).to.be.at.least(500);
    expect((await fetch(`${url}/dashboard/${id}`, { headers: { cookie } })).status).to.equal(500);
    expect((await fetchWithUserinfo(drainUrl, { method: 'POST', body: badBatch })).status).to.be.at.least(500);

    const log = lines.join('\n');
    expect(lines.filter((line) => line.startsWith('at=info msg=request ')).length).to.be.at.least(8);
    expect(log).to.match(/^at=warn msg="drain batch with parse errors" /m);
    expect(log).to.match(/^at=error msg="health check failed" /m);
    expect(log).to.match(/^at=error msg="unexpected error" method=GET path=\/api\/counts error=.* stack="/m);
    expect(log).to.match(new RegExp(`^at=error msg="unexpected error" method=GET path=/dashboard/${id} error=.* stack="`, 'm'));
    expect(log).to.include('request_id="id with \\"quotes\\"\\tand a tab"');
    for (const line of lines) expect(line).to.match(/^at=(info|warn|error) msg=/).and.not.to.match(/[\n\r]/);

    const secrets = {
      ...SECRETS,
      DATABASE_PASSWORD,
      apiKey,
      drainPassword,
      resourceToken: form.resource_token,
      userScopedToken: form.user_scoped_resource_token,
      providerHeader: provider.slice('Basic '.length),
      wrongProviderHeader: wrongProvider.slice('Basic '.length),
      sessionCookie: cookie,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).to.be.a('string').with.length.above(8);
      expect(log, `${name} reached the log`).not.to.include(secret);
      expect(log, `${name} reached the log URL-encoded`).not.to.include(encodeURIComponent(secret ?? ''));
    }
  });
});
