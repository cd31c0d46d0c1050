import { expect } from 'chai';
import type { FleetReport } from '../../src/admin/fleet-report.js';
import { ADMIN_SESSION_TTL_MS } from '../../src/admin/admin-session.js';
import { fetchWithUserinfo, provision, providerFetch } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { logplexBody, routerLine } from '../support/logplex.js';
import { cookieHeader, getPage, setCookies, signIn, TEST_SSO_SALT } from '../support/sso-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const PASSWORD = 'operator-password-for-tests';
const stamp = () => new Date().toISOString().replace('Z', '000+00:00');

function postDrain(drain: Provisioned, lines: number, frameId: string) {
  const body = logplexBody(Array.from({ length: lines }, () => routerLine(stamp(), { path: '/shop' })));
  return fetchWithUserinfo(drain.logDrainUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/logplex-1', 'logplex-drain-token': drain.logDrainToken, 'logplex-frame-id': frameId },
    body,
  });
}

function login(server: TestServer, password: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ password }).toString(),
  });
}

async function signInOperator(server: TestServer): Promise<string> {
  const res = await login(server, PASSWORD);
  expect(res.status).to.equal(303);
  return cookieHeader(res);
}

describe('operator console: /admin', () => {
  describe('without VANITY_ADMIN_PASSWORD', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.stop());

    it('answers 404 on every operator route, /metrics included', async () => {
      for (const path of ['/admin', '/admin/login', '/admin/report.json', '/metrics']) {
        const res = await getPage(server, path);
        expect(res.status, path).to.equal(404);
      }
      expect((await login(server, '')).status).to.equal(404);
    });
  });

  describe('with VANITY_ADMIN_PASSWORD', () => {
    let server: TestServer;
    let clock: Date | undefined;
    let drain: Provisioned;
    before(async () => {
      server = await startTestServer(
        { VANITY_ADMIN_PASSWORD: PASSWORD, VANITY_SSO_SALT: TEST_SSO_SALT, VANITY_STALE_DRAIN_HOURS: '6' },
        { now: () => clock ?? new Date() },
      );
      drain = await provision(server, { plan: 'pro', region: 'amazon-web-services::eu-west-1' });
      await provision(server, { plan: 'hobby' });
    });
    after(() => server.stop());
    afterEach(() => {
      clock = undefined;
    });

    it('refuses without a session, with a wrong password, a forged or expired session, an SSO session or a VANITY_URL credential', async () => {
      expect((await getPage(server, '/admin')).status).to.equal(401);
      expect((await getPage(server, '/admin/resources/' + drain.id)).status).to.equal(401);
      const json = await getPage(server, '/admin/report.json');
      expect(json.status).to.equal(401);
      expect(await json.json()).to.have.property('message').that.matches(/operator console/);

      const wrong = await login(server, 'not-the-password');
      expect(wrong.status).to.equal(401);
      expect(setCookies(wrong).has('vanity_admin')).to.equal(false);
      expect((await login(server, `${PASSWORD}x`)).status).to.equal(401);

      const cookie = await signInOperator(server);
      const forged = cookie.replace(/vanity_admin=([^;]*)/, (_m, v: string) => `vanity_admin=${v.slice(0, -3)}abc`);
      expect((await getPage(server, '/admin', forged)).status).to.equal(401);
      const unsigned = `vanity_admin=${encodeURIComponent('j:{"role":"operator","csrf":"x","expiresAt":99999999999999}')}`;
      expect((await getPage(server, '/admin', unsigned)).status).to.equal(401);

      const sso = await signIn(server, drain.id);
      expect((await getPage(server, '/admin', sso)).status).to.equal(401);
      expect((await getPage(server, '/metrics', sso)).status).to.equal(401);
      const withKey = await fetchWithUserinfo(`${new URL(drain.vanityUrl).origin.replace('//', `//${new URL(drain.vanityUrl).username}:${new URL(drain.vanityUrl).password}@`)}/admin`);
      expect(withKey.status).to.equal(401);

      clock = new Date(Date.now() + ADMIN_SESSION_TTL_MS + 1000);
      expect((await getPage(server, '/admin', cookie)).status).to.equal(401);
    });

    it('signs in with a signed HttpOnly SameSite=Strict cookie, and signs out only with the form’s CSRF token', async () => {
      const res = await login(server, PASSWORD);
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal('/admin');
      const set = setCookies(res).get('vanity_admin');
      expect(set?.attributes).to.include.members(['httponly', 'samesite=strict', 'path=/']);
      const cookie = cookieHeader(res);
      const page = await getPage(server, '/admin', cookie);
      expect(page.status).to.equal(200);
      const html = await page.text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
      expect(csrf).to.be.a('string');

      const logout = (token?: string) =>
        fetch(`${server.url}/admin/logout`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(token === undefined ? {} : { csrf: token }).toString(),
        });
      expect((await logout()).status).to.equal(403);
      expect((await logout('wrong')).status).to.equal(403);
      const out = await logout(csrf);
      expect(out.status).to.equal(303);
      expect(out.headers.getSetCookie().join()).to.match(/vanity_admin=;/);
    });

    it('shows installs, revenue, ingest and health from real provisions and drain traffic, the same as report.json', async () => {
      expect((await postDrain(drain, 7, 'op-frame-1')).status).to.equal(204);
      expect((await postDrain(drain, 7, 'op-frame-1')).status).to.equal(204); // a retry: counted once
      const cookie = await signInOperator(server);
      const report = (await (await getPage(server, '/admin/report.json?days=7', cookie)).json()) as FleetReport;
      expect(report.installs).to.include({ active: 2, provisions: 2, deprovisions: 0 });
      expect(report.installs.by_plan).to.deep.equal({ test: 0, hobby: 1, pro: 1 });
      expect(report.installs.by_region).to.deep.equal({ eu: 1, us: 1 });
      expect(report.revenue.mrr_cents).to.equal(2900);
      expect(report.traffic).to.include({ requests: 7, batches: 2 });
      expect(report.traffic.busiest).to.deep.equal([{ id: drain.id, requests: 7 }]);
      expect(report.reliability).to.include({ retries: 1, batches_refused: 0 });
      expect(report.processes).to.have.length(1);
      expect(report.processes[0]?.commit_p99_ms).to.be.a('number');

      const html = await (await getPage(server, '/admin?days=7', cookie)).text();
      expect(html).to.contain('data-testid="mrr">$29.00<');
      expect(html).to.contain('data-testid="requests">7<');
      expect(html).to.contain('data-testid="active">2<');

      const detail = await getPage(server, `/admin/resources/${drain.id}`, cookie);
      expect(detail.status).to.equal(200);
      const detailHtml = await detail.text();
      expect(detailHtml).to.contain('data-testid="plan">pro<');
      expect(detailHtml).to.contain('data-testid="total">7<');
      const key = new URL(drain.vanityUrl).password;
      expect(detailHtml).not.to.contain(key);
      expect(detailHtml).not.to.contain(new URL(drain.logDrainUrl).password);
      expect((await getPage(server, '/admin/resources/00000000-0000-4000-8000-000000000000', cookie)).status).to.equal(404);
      expect((await getPage(server, '/admin?days=0', cookie)).status).to.equal(400);
    });

    it('records plan changes in the plan history and flags a drain quiet for the stale-drain hours', async () => {
      expect((await providerFetch(server, 'PUT', `/${drain.id}`, { plan: 'hobby' })).status).to.equal(200);
      expect((await postDrain(drain, 2, 'op-frame-2')).status).to.equal(204);
      const cookie = await signInOperator(server);
      const detail = await (await getPage(server, `/admin/resources/${drain.id}`, cookie)).text();
      expect(detail).to.match(/<th scope="row">[^<]+<\/th><td class="num">pro<\/td>[\s\S]*<td class="num">hobby<\/td>/);

      const reportAt = async (hoursLater: number) => {
        clock = new Date(Date.now() + hoursLater * 3600_000);
        const later = await signInOperator(server);
        return (await (await getPage(server, '/admin/report.json', later)).json()) as FleetReport;
      };
      let report = await reportAt(5);
      expect(report.resources.find((r) => r.id === drain.id)?.stale).to.equal(false);
      report = await reportAt(7);
      expect(report.resources.find((r) => r.id === drain.id)?.stale).to.equal(true);
      expect(report.reliability.stale_drains).to.equal(1);
    });

  });

  describe('password guessing', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ VANITY_ADMIN_PASSWORD: PASSWORD });
    });
    after(() => server.stop());

    it('after 10 wrong passwords from one address answers 429, and right ones do not count', async () => {
      await signInOperator(server);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await login(server, `guess-${i}`)).status);
      expect(statuses).to.deep.equal([...Array(10).fill(401), 429]);
      expect((await login(server, PASSWORD)).status).to.equal(429);
    });

    it('keys on the address Heroku’s router appended, so a spoofed X-Forwarded-For start does not reset the count', async () => {
      const from = (spoofed: number) => ({ 'x-forwarded-for': `198.51.100.${spoofed}, 203.0.113.9` });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await login(server, `guess-${i}`, from(i))).status);
      expect(statuses).to.deep.equal([...Array(10).fill(401), 429]);
      expect((await login(server, PASSWORD, { 'x-forwarded-for': '203.0.113.10' })).status).to.equal(303);
    });
  });
});
