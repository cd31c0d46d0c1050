import { expect } from 'chai';
import { provision } from '../support/provider-client.js';
import { seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

describe('counter badge', () => {
  let server: TestServer;
  let id: string;
  let badgePath: string;
  let cookie: string;
  let csrf: string;

  before(async () => {
    server = await startTestServer({ VANITY_SSO_SALT: TEST_SSO_SALT });
  });
  after(() => server.stop());
  beforeEach(async () => {
    id = (await provision(server)).id;
    const resource = await server.store.getResource(id);
    if (!resource) throw new Error('not provisioned');
    badgePath = `/badge/${resource.publicId}.svg`;
    await seedRequests(server.store, resource, [{ at: new Date().toISOString() }], 1_234_567);
    cookie = await signIn(server, id);
    const page = await (await getPage(server, `/dashboard/${id}`, cookie)).text();
    csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  });

  const toggle = (enabled: boolean, form: Record<string, string> = { csrf }, target = id, withCookie = cookie) =>
    fetch(`${server.url}/dashboard/${target}/badge`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: withCookie },
      body: new URLSearchParams({ enabled: String(enabled), ...form }).toString(),
    });

  it('is off (404) until switched on from the dashboard', async () => {
    expect(csrf).to.have.length.greaterThan(10);
    expect((await getPage(server, badgePath)).status).to.equal(404);
    const page = await (await getPage(server, `/dashboard/${id}`, cookie)).text();
    expect(page).to.include('Turn the badge on');
    expect(page).not.to.include(badgePath);
  });

  it('when on, serves an SVG "requests served | 1.2M" with a short cache, and the dashboard shows the embed snippet', async () => {
    const res = await toggle(true);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/dashboard/${id}`);

    const badge = await getPage(server, badgePath);
    expect(badge.status).to.equal(200);
    expect(badge.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(badge.headers.get('cache-control')).to.equal('public, max-age=300');
    const svg = await badge.text();
    expect(svg).to.match(/^<svg/);
    expect(svg).to.include('requests served');
    expect(svg).to.include('1.2M');

    const page = await (await getPage(server, `/dashboard/${id}`, cookie)).text();
    expect(page).to.include(`[![requests served](${server.url}${badgePath})](https://elements.heroku.com/addons/vanity)`);
    expect(page).to.include('Turn the badge off');
  });

  it('switches off again', async () => {
    await toggle(true);
    expect((await toggle(false)).status).to.equal(303);
    expect((await getPage(server, badgePath)).status).to.equal(404);
  });

  it('refuses a switch without the session\'s CSRF token (403), leaving the badge off', async () => {
    expect((await toggle(true, {})).status).to.equal(403);
    expect((await toggle(true, { csrf: 'not-the-token' })).status).to.equal(403);
    expect((await getPage(server, badgePath)).status).to.equal(404);
  });

  it('refuses a switch without a session (401) or with another resource\'s session (403)', async () => {
    expect((await toggle(true, { csrf }, id, '')).status).to.equal(401);
    const other = (await provision(server)).id;
    const otherCookie = await signIn(server, other);
    expect((await toggle(true, { csrf }, id, otherCookie)).status).to.equal(403);
    expect((await getPage(server, badgePath)).status).to.equal(404);
  });

  it('is 404 for an unknown public id', async () => {
    expect((await getPage(server, '/badge/nope.svg')).status).to.equal(404);
  });
});
