import { expect } from 'chai';
import { provision, provisionBody } from '../support/provider-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

describe('platform: what provision keeps for talking back to Heroku', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('stores callback_url, and the log_input_url and grant code encrypted, with the token pending', async () => {
    const body = provisionBody();
    const id = String(body.uuid);
    const logInputUrl = `https://token:t.${id}@1.us.logplex.io/logs`;
    const expiresAt = new Date(Date.now() + 300_000);
    await provision(server, { ...body, log_input_url: logInputUrl, oauth_grant: { code: 'grant-code-123', expires_at: expiresAt.toISOString(), type: 'authorization_code' } });
    const [row] = await server.database.dump('platform');
    expect(row!.callback_url).to.equal(body.callback_url);
    expect(JSON.stringify(row)).not.to.contain('grant-code-123').and.not.to.contain(`t.${id}`);
    expect(server.platform.box.open(String(row!.log_input_url))).to.equal(logInputUrl);
    expect(server.platform.box.open(String(row!.grant_code))).to.equal('grant-code-123');
    expect(Number(row!.grant_expires_at)).to.equal(Math.floor(expiresAt.getTime() / 1000));
    const resource = (await server.store.getResource(id))!;
    const platform = (await server.store.getPlatform(resource.seq))!;
    expect(platform.tokenState).to.equal('pending');
  });

  it('returns an https log_drain_url even from a server on http (Logplex and kensa want https)', async () => {
    const res = await fetch(`${server.url}/heroku/resources`, {
      method: 'POST',
      headers: { authorization: server.providerAuth, 'content-type': 'application/json' },
      body: JSON.stringify(provisionBody()),
    });
    const json = (await res.json()) as { log_drain_url: string; config: { VANITY_URL: string } };
    expect(new URL(json.log_drain_url).protocol).to.equal('https:');
    expect(new URL(json.log_drain_url).host).to.equal(new URL(server.url).host);
    expect(new URL(json.config.VANITY_URL).protocol).to.equal('http:');
  });

  it('keeps the first grant when Heroku retries the provision', async () => {
    const body = provisionBody({ oauth_grant: { code: 'first', expires_at: new Date(Date.now() + 300_000).toISOString() } });
    await provision(server, body);
    await provision(server, { ...body, oauth_grant: { code: 'second', expires_at: new Date(Date.now() + 300_000).toISOString() } });
    const rows = await server.database.dump('platform');
    expect(rows).to.have.length(1);
    expect(server.platform.box.open(String(rows[0]!.grant_code))).to.equal('first');
  });

  it('provisions without oauth_grant, callback_url or log_input_url (kensa, older callers): token state none', async () => {
    const { id } = await provision(server, { oauth_grant: undefined, callback_url: undefined });
    const resource = (await server.store.getResource(id))!;
    const platform = (await server.store.getPlatform(resource.seq))!;
    expect(platform).to.include({ tokenState: 'none', tokenReason: 'Heroku sent no oauth_grant', callbackUrl: null, logInputUrl: null });
  });

  it('ignores a log_input_url or grant that is not what Heroku sends', async () => {
    const { id } = await provision(server, { log_input_url: 'javascript:alert(1)', oauth_grant: { code: 42 } });
    const platform = (await server.store.getPlatform((await server.store.getResource(id))!.seq))!;
    expect(platform).to.include({ tokenState: 'none', logInputUrl: null, grantCode: null });
  });

  it('purges the platform state at deprovision', async () => {
    const { id } = await provision(server, { log_input_url: 'https://token:t.x@1.us.logplex.io/logs' });
    const res = await fetch(`${server.url}/heroku/resources/${id}`, { method: 'DELETE', headers: { authorization: server.providerAuth } });
    expect(res.status).to.equal(204);
    expect(await server.database.dump('platform')).to.deep.equal([]);
  });
});
