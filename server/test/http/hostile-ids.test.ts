import { expect } from 'chai';
import { resourceForApiKey } from '../../src/api/api-auth.js';
import type { BasicCredentials } from '../../src/http/basic-auth.js';
import { sha256Hex } from '../../src/secrets.js';
import { expectJsonError } from '../support/json-error.js';
import { logplexBody, routerLine } from '../support/logplex.js';
import { provision, providerFetch } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { ssoForm, ssoPost } from '../support/sso-client.js';
import { openTempStore } from '../support/temp-store.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const basic = (user: string | Buffer, password: string) =>
  `Basic ${Buffer.concat([Buffer.from(user), Buffer.from(`:${password}`)]).toString('base64')}`;
const keyOf = (url: string) => decodeURIComponent(new URL(url).password);
/** A user part that is not UTF-8 at all. */
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xff, 0x00]);

describe('ids and credentials with NUL bytes, invalid UTF-8 or any other shape: 4xx, never 500', () => {
  let server: TestServer;
  let a: Provisioned;
  before(async () => {
    server = await startTestServer({ VANITY_SSO_SALT: 'salty' });
    a = await provision(server);
  });
  after(() => server.stop());

  it('developer API: every user that is not a live uuid gets the same 401 as an unknown uuid', async () => {
    const unknown = await fetch(`${server.url}/api/counts`, { headers: { authorization: basic('00000000-0000-0000-0000-000000000000', keyOf(a.vanityUrl)) } });
    const expected = await expectJsonError(unknown, 401, 'invalid API credentials');
    for (const user of [`${a.id}\u0000`, '\u0000', INVALID_UTF8, 'a/b', `${a.id}/../x`, 'x'.repeat(10_000), a.id.toUpperCase().replace(/./, '\u0000')]) {
      const res = await fetch(`${server.url}/api/counts`, { headers: { authorization: basic(user, keyOf(a.vanityUrl)) } });
      expect(await expectJsonError(res, 401, '', String(user))).to.equal(expected);
      expect(res.headers.get('www-authenticate')).to.equal('Basic realm="Vanity"');
    }
    // A NUL in the password is just a wrong key.
    await expectJsonError(await fetch(`${server.url}/api`, { headers: { authorization: basic(a.id, '\u0000') } }), 401, 'invalid API credentials');
  });

  it('developer API: a time offset beyond ±14:00 is 400, the extremes are fine', async () => {
    const authorization = basic(a.id, keyOf(a.vanityUrl));
    for (const since of ['2026-11-23T06:00:00+99:00', '2026-11-23T06:00:00-14:01', '2026-11-23T06:00:00+1430', '2026-11-23T06:00:00 15:00']) {
      const res = await fetch(`${server.url}/api/counts?since=${encodeURIComponent(since)}&until=now`, { headers: { authorization } });
      await expectJsonError(res, 400, 'since: UTC offsets run from -14:00 to +14:00', since);
      const top = await fetch(`${server.url}/api/top?until=${encodeURIComponent(since)}`, { headers: { authorization } });
      await expectJsonError(top, 400, 'until:', since);
    }
    for (const since of ['2026-11-23T06:00:00+14:00', '2026-11-23T06:00:00-14:00']) {
      const res = await fetch(`${server.url}/api/counts?since=${encodeURIComponent(since)}&interval=day`, { headers: { authorization } });
      expect(res.status, since).to.equal(200);
    }
  });

  it('drain: /logs/%00, a malformed id, and a NUL user are 404 / 400 / 401 JSON', async () => {
    const body = logplexBody([routerLine('2026-11-23T10:00:00Z')]);
    const post = (path: string, authorization: string) =>
      fetch(`${server.url}/logs/${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/logplex-1' }, body });
    const drainAuth = basic('logplex', keyOf(a.logDrainUrl));
    for (const id of ['%00', `${a.id}%00`, 'a', 'a%2Fb']) await expectJsonError(await post(id, drainAuth), 404, 'no such add-on resource', id);
    for (const id of ['%', '%C0%80', '%ZZ']) await expectJsonError(await post(id, drainAuth), 400, 'path:', id);
    await expectJsonError(await post(a.id, basic(INVALID_UTF8, '\u0000')), 401, 'invalid drain credentials');
    expect((await post(a.id, drainAuth)).status).to.equal(204);
  });

  it('badge: a NUL or malformed public id is simply not found; one that is not UTF-8 is 400', async () => {
    for (const id of ['%00', 'a%00b', 'x'.repeat(200), '..%2F..%2Fx']) {
      await expectJsonError(await fetch(`${server.url}/badge/${id}.svg`), 404, 'no such badge', id);
    }
    await expectJsonError(await fetch(`${server.url}/badge/%C3%28.svg`), 400, 'path:');
  });

  it('SSO: a correctly signed form for a NUL or malformed resource id is refused (403 page), not a 500', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const id of [`${a.id}\u0000`, '\u0000', 'a/b', 'x'.repeat(500)]) {
      const res = await ssoPost(server, ssoForm(id, now, { salt: 'salty' }));
      expect(res.status, JSON.stringify(id)).to.equal(403);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
    }
  });

  it('webhooks: a NUL or malformed resource in the query is the same 401 as a forged signature', async () => {
    for (const resource of ['%00', `${a.id}%00`, 'a%2Fb', '%C3%28']) {
      const res = await fetch(`${server.url}/heroku/webhooks?resource=${resource}`, { method: 'POST', headers: { 'heroku-webhook-hmac-sha256': 'x' }, body: '{}' });
      await expectJsonError(res, 401, 'invalid webhook signature', resource);
    }
  });

  it('provider: after all of the above the resource is intact', async () => {
    expect((await providerFetch(server, 'PUT', `/${a.id}`, { plan: 'pro' })).status).to.equal(200);
  });
});

describe('developer API: the key check is the same work whether or not the uuid exists', () => {
  it('hashes the password once and compares it with the current and the previous key for no credentials, a non-uuid, unknown, deprovisioned, wrong and right keys', async () => {
    const temp = await openTempStore();
    try {
      const live = await temp.addResource();
      const gone = await temp.addResource();
      await temp.store.deleteResource(gone.id);
      const rightKey = 'the-right-key';
      // The temp store's resources carry placeholder hashes; give the live one a real key.
      const store = { getResource: async (id: string) => ((await temp.store.getResource(id)) === null ? null : { ...live, apiKeyHash: sha256Hex(rightKey) }) };
      const attempts: Array<[string, BasicCredentials | undefined, boolean]> = [
        ['no credentials', undefined, false],
        ['a user that is not a uuid', { user: 'a/b\u0000', password: 'k' }, false],
        ['an unknown uuid', { user: '00000000-0000-0000-0000-000000000000', password: 'k' }, false],
        ['a deprovisioned uuid', { user: gone.id, password: 'k' }, false],
        ['a wrong key', { user: live.id, password: 'k' }, false],
        ['the right key', { user: live.id, password: rightKey }, true],
      ];
      for (const [label, credentials, accepted] of attempts) {
        const hashed: string[] = [];
        const resource = await resourceForApiKey(store, credentials, Math.floor(Date.now() / 1000), (password) => {
          hashed.push(password);
          return sha256Hex(password);
        });
        expect(hashed, label).to.deep.equal([credentials?.password ?? '']);
        expect(resource?.id ?? null, label).to.equal(accepted ? live.id : null);
      }
    } finally {
      await temp.dispose();
    }
  });
});
