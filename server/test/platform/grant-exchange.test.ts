import { expect } from 'chai';
import { provision, provisionBody } from '../support/provider-client.js';
import { startHerokuStandIn, standInEnv } from '../support/heroku-stand-in.js';
import type { HerokuStandIn } from '../support/heroku-stand-in.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { USER_AGENT } from '../../src/platform/user-agent.js';

const soon = () => new Date(Date.now() + 300_000).toISOString();

describe('platform: OAuth grant exchange and refresh', () => {
  let stand: HerokuStandIn;
  let server: TestServer;
  const logs: string[] = [];
  beforeEach(async () => {
    logs.length = 0;
    stand = await startHerokuStandIn();
    server = await startTestServer(standInEnv(stand), { log: (line) => logs.push(line) });
  });
  afterEach(async () => {
    await server.stop();
    await stand.stop();
  });

  async function provisionGrant(code: string, expiresAt = soon()) {
    const body = provisionBody({ oauth_grant: { code, expires_at: expiresAt, type: 'authorization_code' } });
    const { id } = await provision(server, body);
    const seq = (await server.store.getResource(id))!.seq;
    return { id, seq, state: async () => (await server.store.getPlatform(seq))! };
  }

  it('answers the provision at once, then exchanges the grant form-encoded and stores the tokens encrypted', async () => {
    stand.grants.add('code-1');
    const { state } = await provisionGrant('code-1');
    await server.jobs.runNow();
    const [call] = stand.callsTo('POST', '/oauth/token');
    expect(call!.headers['content-type']).to.equal('application/x-www-form-urlencoded');
    expect(call!.headers['user-agent']).to.equal(USER_AGENT);
    expect(Object.fromEntries(new URLSearchParams(call!.body))).to.deep.equal({
      grant_type: 'authorization_code',
      code: 'code-1',
      client_secret: 'test-oauth-client-secret',
    });
    const record = await state();
    expect(record).to.include({ tokenState: 'ok', tokenReason: null, grantCode: null });
    expect(server.platform.box.open(record.accessToken!)).to.equal('access-1');
    expect(server.platform.box.open(record.refreshToken!)).to.equal('refresh-1');
    expect(record.tokenExpiresAt! - Math.floor(Date.now() / 1000)).to.be.within(28_790, 28_800);
    const stored = JSON.stringify(await server.database.dump('platform'));
    expect(stored).not.to.contain('access-1').and.not.to.contain('refresh-1').and.not.to.contain('code-1');
    expect(logs.join('\n')).not.to.contain('access-1').and.not.to.contain('refresh-1').and.not.to.contain('test-oauth-client-secret');
  });

  it('retries a failed exchange (503) in a later round and then succeeds', async () => {
    stand.grants.add('code-2');
    stand.script({ method: 'POST', path: '/oauth/token', status: 503 });
    const { seq, state } = await provisionGrant('code-2');
    await server.jobs.runNow();
    expect(await state()).to.include({ tokenState: 'pending', attempts: 1 });
    expect((await state()).tokenReason).to.match(/^exchange failed, retrying: id.heroku.com answered 503/);
    await server.store.updatePlatform(seq, { nextAttemptAt: 0 }); // the backoff has passed
    await server.jobs.runNow();
    expect(await state()).to.include({ tokenState: 'ok', attempts: 0 });
    expect(stand.callsTo('POST', '/oauth/token').map((c) => c.status)).to.deep.equal([503, 200]);
  });

  it('does not retry before the backoff is over', async () => {
    stand.grants.add('code-3');
    stand.script({ method: 'POST', path: '/oauth/token', status: 500 });
    const before = Math.floor(Date.now() / 1000);
    const { state } = await provisionGrant('code-3');
    await server.jobs.runNow();
    await server.jobs.runNow();
    expect(stand.callsTo('POST', '/oauth/token')).to.have.length(1);
    expect((await state()).nextAttemptAt).to.be.at.least(before + 15);
  });

  it('fails with the reason when id.heroku.com refuses the grant, and does not try again', async () => {
    const { state } = await provisionGrant('unknown-code');
    await server.jobs.runNow();
    await server.jobs.runNow();
    expect(await state()).to.include({ tokenState: 'failed', tokenReason: 'exchange refused: id.heroku.com answered 401 (unauthorized)', grantCode: null });
    expect(stand.callsTo('POST', '/oauth/token')).to.have.length(1);
  });

  it('gives up when the grant expired before it could be exchanged', async () => {
    stand.grants.add('code-4');
    const { state } = await provisionGrant('code-4', new Date(Date.now() - 1000).toISOString());
    await server.jobs.runNow();
    expect(await state()).to.include({ tokenState: 'failed', tokenReason: 'the OAuth grant expired before it could be exchanged' });
    expect(stand.callsTo('POST', '/oauth/token')).to.have.length(0);
  });

  it('refreshes a token before it expires, with grant_type=refresh_token', async () => {
    stand.grants.add('code-5');
    stand.tokenLifetime = 300; // inside the refresh margin
    const { state } = await provisionGrant('code-5');
    await server.jobs.runNow();
    await server.jobs.runNow();
    const refresh = stand.callsTo('POST', '/oauth/token')[1]!;
    expect(Object.fromEntries(new URLSearchParams(refresh.body))).to.deep.equal({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_secret: 'test-oauth-client-secret',
    });
    const current = server.platform.box.open((await state()).accessToken!);
    expect(current).not.to.equal('access-1');
    expect(stand.validAccessTokens.has(current)).to.equal(true);
    expect(stand.validAccessTokens.has('access-1')).to.equal(false);
  });

  it('the Platform API client refreshes once on 401 and retries the call', async () => {
    stand.grants.add('code-6');
    const { id, seq } = await provisionGrant('code-6');
    await server.jobs.runNow();
    stand.validAccessTokens.clear(); // Heroku revoked the access token
    const addon = await server.platform.api.request<{ id: string }>(seq, 'GET', `/addons/${id}`);
    expect(addon.id).to.equal(id);
    expect(stand.callsTo('GET', `/addons/${id}`).map((c) => [c.status, c.headers.authorization])).to.deep.equal([
      [401, 'Bearer access-1'],
      [200, 'Bearer access-2'],
    ]);
  });

  it('the Platform API client retries 429 and 5xx with backoff, and reports a 4xx with Heroku\'s message', async () => {
    stand.grants.add('code-7');
    const { id, seq } = await provisionGrant('code-7');
    await server.jobs.runNow();
    stand.script({ method: 'GET', path: `/addons/${id}`, status: 429, times: 1 });
    stand.script({ method: 'GET', path: `/addons/${id}`, status: 502, times: 1 });
    await server.platform.api.request(seq, 'GET', `/addons/${id}`);
    expect(stand.callsTo('GET', `/addons/${id}`).map((c) => c.status)).to.deep.equal([429, 502, 200]);
    const call = stand.callsTo('GET', `/addons/${id}`)[2]!;
    expect(call.headers).to.include({ accept: 'application/vnd.heroku+json; version=3', 'user-agent': USER_AGENT });
    stand.script({ method: 'GET', path: `/addons/${id}`, status: 403, body: { id: 'forbidden', message: 'You do not have access.' } });
    const error = await server.platform.api.request(seq, 'GET', `/addons/${id}`).catch((e: unknown) => e as Error);
    expect((error as Error).message).to.equal(`GET /addons/${id}: Heroku answered 403: You do not have access. (forbidden)`);
  });

  it('without VANITY_OAUTH_CLIENT_SECRET skips the exchange and says so once in the log', async () => {
    await server.stop();
    server = await startTestServer({ ...standInEnv(stand), VANITY_OAUTH_CLIENT_SECRET: '' }, { log: (line) => logs.push(line) });
    stand.grants.add('code-8');
    stand.grants.add('code-9');
    const first = await provisionGrant('code-8');
    await provisionGrant('code-9');
    await server.jobs.runNow();
    await server.jobs.runNow();
    expect(stand.callsTo('POST', '/oauth/token')).to.have.length(0);
    expect((await first.state()).tokenState).to.equal('pending');
    expect(logs.filter((l) => l.includes('VANITY_OAUTH_CLIENT_SECRET is not set'))).to.have.length(1);
  });
});
