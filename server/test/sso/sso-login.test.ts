import { expect } from 'chai';
import { provision, providerFetch } from '../support/provider-client.js';
import {
  TEST_SSO_SALT,
  cookieHeader,
  getPage,
  legacySsoQuery,
  setCookies,
  signIn,
  ssoForm,
  ssoPost,
} from '../support/sso-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const MINUTE = 60_000;

describe('Heroku single sign-on', () => {
  let server: TestServer;
  let clock: number;
  let id: string;
  const seconds = () => Math.floor(clock / 1000);

  before(async () => {
    server = await startTestServer({ VANITY_SSO_SALT: TEST_SSO_SALT }, { now: () => new Date(clock) });
  });
  after(() => server.stop());
  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 24, 12, 0, 0);
    id = (await provision(server, { name: 'acme-vanity' })).id;
  });

  async function expectRefused(res: Response, text: RegExp) {
    expect(res.status).to.equal(403);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    expect(await res.text()).to.match(text);
    expect(res.headers.getSetCookie()).to.deep.equal([]);
  }

  describe('POST /sso/login', () => {
    it('accepts resource_token and user_scoped_resource_token and redirects to the dashboard', async () => {
      const res = await ssoPost(server, ssoForm(id, seconds()));
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal(`/dashboard/${id}`);
    });

    it('accepts resource_token alone (no user-scoped token)', async () => {
      const res = await ssoPost(server, ssoForm(id, seconds(), { userScoped: false }));
      expect(res.status).to.equal(302);
    });

    it('accepts user_scoped_resource_token alone', async () => {
      const res = await ssoPost(server, ssoForm(id, seconds(), { resourceToken: false }));
      expect(res.status).to.equal(302);
    });

    it('sets an HttpOnly, SameSite=Lax session cookie and the nav-data cookie verbatim, not Secure over http', async () => {
      const form = ssoForm(id, seconds());
      const cookies = setCookies(await ssoPost(server, form));
      const session = cookies.get('vanity_session');
      expect(session?.attributes).to.include.members(['httponly', 'samesite=lax', 'path=/', 'max-age=5400']);
      expect(session?.attributes).not.to.include('secure');
      const nav = cookies.get('heroku-nav-data');
      expect(nav?.value).to.equal(form['nav-data']);
      expect(nav?.attributes).to.include('path=/');
      expect(nav?.attributes).not.to.include('secure');
    });

    it('marks both cookies Secure when Heroku\'s router says the request came over https', async () => {
      const res = await ssoPost(server, ssoForm(id, seconds()), { headers: { 'x-forwarded-proto': 'https' } });
      const cookies = setCookies(res);
      expect(cookies.get('vanity_session')?.attributes).to.include('secure');
      expect(cookies.get('heroku-nav-data')?.attributes).to.include('secure');
    });

    it('passes extra query and form parameters through to the dashboard, and no SSO parameter', async () => {
      const form = { ...ssoForm(id, seconds()), range: '30d' };
      const res = await ssoPost(server, form, { path: '/sso/login?issue_no=42' });
      expect(res.status).to.equal(302);
      const location = new URL(res.headers.get('location') ?? '', server.url);
      expect(location.pathname).to.equal(`/dashboard/${id}`);
      expect([...location.searchParams]).to.deep.equal([
        ['issue_no', '42'],
        ['range', '30d'],
      ]);
    });

    it('refuses a bad resource_token with a 403 page', async () => {
      const form = { ...ssoForm(id, seconds(), { userScoped: false }), resource_token: 'f'.repeat(40) };
      await expectRefused(await ssoPost(server, form), /token is not valid/);
    });

    it('refuses a token made with another salt', async () => {
      await expectRefused(await ssoPost(server, ssoForm(id, seconds(), { salt: 'not-the-salt' })), /token is not valid/);
    });

    it('refuses a user-scoped token that does not match the posted email, even with a good resource_token', async () => {
      const form = { ...ssoForm(id, seconds()), email: 'intruder@example.com' };
      await expectRefused(await ssoPost(server, form), /token is not valid/);
    });

    it('refuses a request without any token', async () => {
      const form = ssoForm(id, seconds(), { userScoped: false, resourceToken: false });
      await expectRefused(await ssoPost(server, form), /token is not valid/);
    });

    it('accepts a timestamp up to 5 minutes old and refuses an older one', async () => {
      expect((await ssoPost(server, ssoForm(id, seconds() - 300))).status).to.equal(302);
      await expectRefused(await ssoPost(server, ssoForm(id, seconds() - 301)), /expired/);
      await expectRefused(await ssoPost(server, ssoForm(id, seconds() - 360)), /expired/);
    });

    it('accepts a timestamp up to 1 minute in the future and refuses a later one', async () => {
      expect((await ssoPost(server, ssoForm(id, seconds() + 60))).status).to.equal(302);
      await expectRefused(await ssoPost(server, ssoForm(id, seconds() + 61)), /future/);
    });

    it('answers an oversized form with a 413 page, not a crash', async () => {
      const res = await ssoPost(server, { ...ssoForm(id, seconds()), 'nav-data': 'x'.repeat(70_000) });
      expect(res.status).to.equal(413);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
    });

    it('refuses an unknown resource', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await expectRefused(await ssoPost(server, ssoForm(unknown, seconds())), /does not exist/);
    });

    it('refuses a deprovisioned resource', async () => {
      expect((await providerFetch(server, 'DELETE', `/${id}`)).status).to.equal(204);
      await expectRefused(await ssoPost(server, ssoForm(id, seconds())), /does not exist/);
    });
  });

  describe('legacy GET /heroku/resources/:id?token=&timestamp=', () => {
    it('signs in with the v1 token and redirects to the dashboard', async () => {
      const res = await getPage(server, `/heroku/resources/${id}?${legacySsoQuery(id, seconds())}`);
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal(`/dashboard/${id}`);
      expect((await getPage(server, `/dashboard/${id}`, cookieHeader(res))).status).to.equal(200);
    });

    it('refuses a bad or stale v1 token with 403', async () => {
      const bad = legacySsoQuery(id, seconds());
      bad.set('token', '0'.repeat(40));
      await expectRefused(await getPage(server, `/heroku/resources/${id}?${bad}`), /token is not valid/);
      await expectRefused(await getPage(server, `/heroku/resources/${id}?${legacySsoQuery(id, seconds() - 400)}`), /expired/);
    });

    it('leaves the provider API behind its basic auth', async () => {
      const noAuth = '';
      expect((await getPage(server, `/heroku/resources/${id}`)).status).to.equal(401);
      expect((await providerFetch(server, 'PUT', `/${id}?token=x`, { plan: 'pro' }, noAuth)).status).to.equal(401);
      expect((await providerFetch(server, 'DELETE', `/${id}?token=x`, undefined, noAuth)).status).to.equal(401);
      expect((await providerFetch(server, 'POST', '?token=x', {}, noAuth)).status).to.equal(401);
    });
  });

  describe('the session', () => {
    it('opens the dashboard of its own resource only', async () => {
      const other = (await provision(server)).id;
      const cookie = await signIn(server, id, clock);
      expect((await getPage(server, `/dashboard/${id}`, cookie)).status).to.equal(200);
      const res = await getPage(server, `/dashboard/${other}`, cookie);
      expect(res.status).to.equal(403);
      expect(await res.text()).to.match(/different Vanity add-on/);
    });

    it('expires after 90 minutes', async () => {
      const cookie = await signIn(server, id, clock);
      clock += 89 * MINUTE;
      expect((await getPage(server, `/dashboard/${id}`, cookie)).status).to.equal(200);
      clock += 2 * MINUTE;
      const res = await getPage(server, `/dashboard/${id}`, cookie);
      expect(res.status).to.equal(401);
      expect(await res.text()).to.include('heroku addons:open vanity -a &lt;app&gt;');
    });

    it('without a session, the dashboard says to open Vanity from Heroku (401)', async () => {
      const res = await getPage(server, `/dashboard/${id}`);
      expect(res.status).to.equal(401);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(await res.text()).to.include('heroku addons:open vanity');
    });

    it('rejects a session cookie whose content was altered', async () => {
      const cookie = await signIn(server, id, clock);
      const other = (await provision(server)).id;
      const forged = cookie.replace(encodeURIComponent(id), encodeURIComponent(other));
      expect(forged).not.to.equal(cookie);
      expect((await getPage(server, `/dashboard/${other}`, forged)).status).to.equal(401);
    });

    it('ends when the resource is deprovisioned', async () => {
      const cookie = await signIn(server, id, clock);
      await providerFetch(server, 'DELETE', `/${id}`);
      expect((await getPage(server, `/dashboard/${id}`, cookie)).status).to.equal(403);
    });
  });
});
