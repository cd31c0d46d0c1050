import { expect } from 'chai';
import { apiFetch } from '../support/api-client.js';
import { providerFetch } from '../support/provider-client.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('developer API authentication', () => {
  let fx: ApiFixture;
  let a: { id: string; vanityUrl: string };
  let b: { id: string; vanityUrl: string };
  const keyOf = (vanityUrl: string) => decodeURIComponent(new URL(vanityUrl).password);
  const getWith = (authorization: string | undefined, path = '/api/counts') =>
    apiFetch(`${fx.server.url}${path}`, { headers: authorization ? { authorization } : {} });

  beforeEach(async () => {
    fx = await startApiFixture('2026-11-24T12:34:56Z');
    const first = await fx.addResource({ name: 'a-vanity' });
    const second = await fx.addResource({ name: 'b-vanity' });
    a = first;
    b = second;
    await seedRequests(fx.server.store, first.resource, [{ at: '2026-11-24T12:00:00Z' }], 7);
    await seedRequests(fx.server.store, second.resource, [{ at: '2026-11-24T12:00:00Z' }], 2);
  });
  afterEach(async () => {
    await fx.server.stop();
  });

  for (const path of ['/api', '/api/counts', '/api/top', '/api/nothing-here']) {
    it(`answers 401 JSON with a Basic challenge on ${path} without credentials`, async () => {
      const res = await getWith(undefined, path);
      expect(res.status).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.equal('Basic realm="Vanity"');
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      expect(((await res.json()) as { message: string }).message).to.match(/VANITY_URL/);
    });
  }

  it('answers 401 for a wrong key, an unknown uuid, a bearer token, and another resource key', async () => {
    for (const authorization of [
      basic(a.id, 'not-the-key'),
      basic('00000000-0000-0000-0000-000000000000', keyOf(a.vanityUrl)),
      basic(a.id, ''),
      `Bearer ${keyOf(a.vanityUrl)}`,
      basic(a.id, keyOf(b.vanityUrl)),
      basic(b.id, keyOf(a.vanityUrl)),
    ]) {
      const res = await getWith(authorization);
      expect(res.status, authorization).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.equal('Basic realm="Vanity"');
    }
  });

  it('shows each credential only its own resource', async () => {
    const first = await fx.get<{ resource: { id: string }; sum: number; total: number }>(a.vanityUrl, '/counts');
    const second = await fx.get<{ resource: { id: string }; sum: number; total: number }>(b.vanityUrl, '/counts');
    expect(first.body).to.deep.include({ sum: 7, total: 7 });
    expect(first.body.resource.id).to.equal(a.id);
    expect(second.body).to.deep.include({ sum: 2, total: 2 });
    expect(second.body.resource.id).to.equal(b.id);
  });

  it('answers 401 once the add-on is deprovisioned, and the other resource is untouched', async () => {
    const gone = await providerFetch(fx.server, 'DELETE', `/${a.id}`);
    expect(gone.status).to.equal(204);
    for (const path of ['', '/counts', '/top']) {
      const answer = await fx.get(a.vanityUrl, path);
      expect(answer.status, path).to.equal(401);
    }
    expect((await fx.get<{ total: number }>(b.vanityUrl, '')).body.total).to.equal(2);
  });
});
