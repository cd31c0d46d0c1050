import { expect } from 'chai';
import { UNLOCKS_PER_CLIENT, VIEWS_PER_MINUTE } from '../../src/share/share-rate-limits.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { providerFetch } from '../support/provider-client.js';
import { seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, cookieHeader, getPage, signIn } from '../support/sso-client.js';
import { testIdText } from '../support/html-text.js';

const NOW = '2026-11-24T12:00:00Z';
const SECRET_PATH = '/users/:id/secret-report';


describe('shareable read-only links', () => {
  let fx: ApiFixture;
  let id: string;
  let cookie: string;

  const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${fx.server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const adminPage = async (resourceId = id, sessionCookie = cookie) => (await getPage(fx.server, `/dashboard/${resourceId}/shares`, sessionCookie)).text();
  const linkUrls = (page: string) => [...page.matchAll(/data-testid="share-url">([^<]*)</g)].map((m) => m[1] ?? '');
  /** Creates a link through the owner's form and returns its URL path: the one the owner's page lists now and did not before. */
  const createLink = async (fields: Record<string, string> = {}, resourceId = id, sessionCookie = cookie): Promise<string> => {
    const before = await adminPage(resourceId, sessionCookie);
    const res = await post(`/dashboard/${resourceId}/shares`, { csrf: csrfOf(before), ...fields }, { cookie: sessionCookie });
    expect(res.status, await res.text()).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/dashboard/${resourceId}/shares`);
    const added = linkUrls(await adminPage(resourceId, sessionCookie)).filter((url) => !linkUrls(before).includes(url));
    expect(added).to.have.length(1);
    return new URL(added[0] ?? '').pathname;
  };
  const view = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${fx.server.url}${path}`, { redirect: 'manual', headers });
    return { res, page: await res.text() };
  };
  const revoke = async (linkPath: string) => {
    const page = await adminPage();
    const item = page.split('data-testid="share-link"').find((part) => part.includes(linkPath)) ?? '';
    const action = /action="([^"]+\/revoke)"/.exec(item)?.[1] ?? '';
    return post(action, { csrf: csrfOf(page) }, { cookie });
  };

  beforeEach(async () => {
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT });
    const added = await fx.addResource({ name: 'acme-vanity' });
    id = added.id;
    await seedRequests(fx.server.store, added.resource, [{ at: '2026-11-24T11:30:00Z', path: SECRET_PATH }], 40);
    await seedRequests(fx.server.store, added.resource, [{ at: '2026-11-24T10:00:00Z', status: 503 }], 2);
    cookie = await signIn(fx.server, id, Date.parse(NOW));
  });
  afterEach(() => fx.server.stop());

  it('shows the totals and the chart without SSO, noindex, and no paths when the owner did not choose them', async () => {
    const link = await createLink();
    expect(link).to.match(/^\/share\/[A-Za-z0-9_-]{43}$/);
    const { res, page } = await view(link);
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    expect(res.headers.get('content-security-policy')).to.include("script-src 'self'");
    expect(page).to.include('<meta name="robots" content="noindex">');
    expect(testIdText(page, 'total')).to.equal('42');
    expect(testIdText(page, 'range-sum')).to.equal('42');
    expect(testIdText(page, 'app-name')).to.equal('acme-vanity');
    expect(page).to.match(/<svg class="chart"[\s\S]*<path class="bars" d="M/);
    expect(page).not.to.include('secret-report');
    expect(page).not.to.include('data-testid="top-paths"');
    const week = await view(`${link}?range=7d`);
    expect(week.page).to.include('aria-current="true">7 days by hour</a>');
  });

  it('lists the top paths when the owner chose so', async () => {
    const link = await createLink({ paths: 'on' });
    const { page } = await view(link);
    expect(page).to.match(/data-testid="top-paths"[\s\S]*<code>\/users\/:id\/secret-report<\/code>[\s\S]*40/);
    expect(await adminPage()).to.include('shows the top paths');
  });

  it('offers no write action: no form, no link into the dashboard or the API, and no route that takes a write', async () => {
    const link = await createLink({ paths: 'on' });
    const { page } = await view(link);
    expect(page).not.to.match(/<form|method="post"/i);
    const hrefs = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(hrefs.filter((href) => href.startsWith('/') && !href.startsWith(link) && !href.startsWith('/assets/'))).to.deep.equal([]);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await fetch(`${fx.server.url}${link}`, { method, redirect: 'manual' });
      expect(res.status, method).to.equal(404);
    }
    // What the link's visitor holds (no cookie, or the link itself) opens nothing of the owner's.
    expect((await getPage(fx.server, `/dashboard/${id}`)).status).to.equal(401);
    expect((await getPage(fx.server, `/dashboard/${id}/shares`)).status).to.equal(401);
    expect((await post(`/dashboard/${id}/badge`, { enabled: 'true' })).status).to.equal(401);
    expect((await post(`/dashboard/${id}/shares`, {})).status).to.equal(401);
    expect((await fetch(`${fx.server.url}/api/counts`)).status).to.equal(401);
  });

  it('is 404 once revoked, and only the owner of the add-on can revoke it', async () => {
    const link = await createLink();
    const other = await fx.addResource();
    const otherCookie = await signIn(fx.server, other.id, Date.parse(NOW));
    const shareId = /\/shares\/([^/]+)\/revoke/.exec(await adminPage())?.[1] ?? '';
    // Another add-on's owner: their session is not for this add-on, and their add-on has no such link.
    const foreign = await post(`/dashboard/${id}/shares/${shareId}/revoke`, { csrf: csrfOf(await adminPage(other.id, otherCookie)) }, { cookie: otherCookie });
    expect(foreign.status).to.equal(403);
    const notTheirs = await post(`/dashboard/${other.id}/shares/${shareId}/revoke`, { csrf: csrfOf(await adminPage(other.id, otherCookie)) }, { cookie: otherCookie });
    expect(notTheirs.status).to.equal(404);
    expect((await view(link)).res.status).to.equal(200);
    // Without the session's CSRF token: refused, still there.
    expect((await post(`/dashboard/${id}/shares/${shareId}/revoke`, { csrf: 'forged' }, { cookie })).status).to.equal(403);
    expect((await view(link)).res.status).to.equal(200);

    expect((await revoke(link)).status).to.equal(303);
    const gone = await view(link);
    expect(gone.res.status).to.equal(404);
    expect(gone.page).to.include('it was revoked');
    expect(gone.page).not.to.include('42');
    expect(await adminPage()).to.include('No shared links yet.');
  });

  it('asks for the password first, refuses a wrong one, and shows the view after the right one', async () => {
    const link = await createLink({ password: 'correct horse battery' });
    const locked = await view(link);
    expect(locked.res.status).to.equal(200);
    expect(locked.page).to.include('needs a password');
    expect(testIdText(locked.page, 'total')).to.equal(undefined);
    const wrong = await post(`${link}/unlock`, { password: 'wrong horse' });
    expect(wrong.status).to.equal(401);
    expect(await wrong.text()).to.include('That password is not right.');
    expect(wrong.headers.getSetCookie()).to.deep.equal([]);
    const right = await post(`${link}/unlock`, { password: 'correct horse battery' });
    expect(right.status).to.equal(303);
    expect(right.headers.get('location')).to.equal(link);
    const setCookie = right.headers.getSetCookie()[0] ?? '';
    expect(setCookie).to.match(new RegExp(`Path=${link.replace(/[/-]/g, '\\$&')};`)).and.to.match(/HttpOnly/);
    const unlocked = await view(link, { cookie: cookieHeader(right) });
    expect(testIdText(unlocked.page, 'total')).to.equal('42');
    // The cookie of one link opens no other.
    const second = await createLink({ password: 'another password' });
    expect((await view(second, { cookie: cookieHeader(right) })).page).to.include('needs a password');
  });

  it('stops working once it expires', async () => {
    const link = await createLink({ expires: '1d' });
    expect(await adminPage()).to.include('expires 2026-11-25 12:00 UTC');
    fx.setNow('2026-11-25T11:59:59Z');
    expect((await view(link)).res.status).to.equal(200);
    fx.setNow('2026-11-25T12:00:00Z');
    expect((await view(link)).res.status).to.equal(404);
    expect(await adminPage(id, await signIn(fx.server, id, Date.parse('2026-11-25T12:00:00Z')))).to.include('expired 2026-11-25 12:00 UTC');
  });

  it('is 404 for a made-up secret, and once the add-on is removed', async () => {
    expect((await view(`/share/${'A'.repeat(43)}`)).res.status).to.equal(404);
    expect((await view('/share/short')).res.status).to.equal(404);
    const link = await createLink();
    expect((await providerFetch(fx.server, 'DELETE', `/${id}`)).status).to.equal(204);
    expect((await view(link)).res.status).to.equal(404);
    expect(await fx.server.database.dump('shares')).to.deep.equal([]);
  });

  it('refuses bad form fields with a 400 naming the field, and a form without the CSRF token', async () => {
    const csrf = csrfOf(await adminPage());
    for (const [fields, message] of [
      [{ expires: 'forever' }, 'expires: expected one of never, 1d, 7d, 30d, 90d'],
      [{ password: 'short' }, 'password: use 8 to 200 characters'],
      [{ paths: 'maybe' }, 'paths: expected on or nothing'],
    ] as const) {
      const res = await post(`/dashboard/${id}/shares`, { csrf, ...fields }, { cookie });
      expect(res.status, JSON.stringify(fields)).to.equal(400);
      expect(await res.text()).to.include(message);
    }
    expect((await post(`/dashboard/${id}/shares`, { csrf: 'forged' }, { cookie })).status).to.equal(403);
    expect(await adminPage()).to.include('No shared links yet.');
  });

  it('rate-limits views per client, and password attempts per client and link', async () => {
    const link = await createLink({ password: 'correct horse battery' });
    const client = { 'x-forwarded-for': '203.0.113.9' };
    const attempts = await Promise.all(
      Array.from({ length: UNLOCKS_PER_CLIENT + 1 }, () =>
        fetch(`${fx.server.url}${link}/unlock`, { method: 'POST', headers: { ...client, 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=nope-nope' }),
      ),
    );
    expect(attempts.map((r) => r.status).sort()).to.deep.equal([...Array(UNLOCKS_PER_CLIENT).fill(401), 429]);
    const limited = attempts.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).to.equal('900');
    // A client-sent X-Forwarded-For entry before Heroku's own does not make a new client.
    const spoofed = await post(`${link}/unlock`, { password: 'correct horse battery' }, { 'x-forwarded-for': '10.0.0.1, 203.0.113.9' });
    expect(spoofed.status).to.equal(429);

    const viewer = { 'x-forwarded-for': '198.51.100.7' };
    const views = await Promise.all(Array.from({ length: VIEWS_PER_MINUTE + 1 }, () => fetch(`${fx.server.url}/share/nothing-here`, { headers: viewer })));
    expect(views.map((r) => r.status).sort()).to.deep.equal([...Array(VIEWS_PER_MINUTE).fill(404), 429]);
  });

  it('never writes the secret of a link to the log', async () => {
    await fx.server.stop();
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT, VANITY_LOG_REQUESTS: 'true' });
    const added = await fx.addResource();
    id = added.id;
    cookie = await signIn(fx.server, id, Date.parse(NOW));
    const link = await createLink();
    await view(link);
    // The request line is written once the answer has gone out: wait for it.
    await fx.logs.waitFor(/path=\/share\/:secret/);
    const secret = link.split('/').pop() ?? '';
    expect(fx.logs.lines.join('\n')).not.to.include(secret);
  });
});
