import { expect } from 'chai';
import type { CountsReport } from '../../src/query/index.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedLost, seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, getPage, signIn, ssoForm, ssoPost, cookieHeader } from '../support/sso-client.js';
import { testIdText } from '../support/html-text.js';

const NOW = '2026-11-24T12:00:00Z';


describe('dashboard page', () => {
  let fx: ApiFixture;
  let id: string;
  let vanityUrl: string;
  let logDrainUrl: string;
  let cookie: string;
  const dashboard = async (query = '') => {
    const res = await getPage(fx.server, `/dashboard/${id}${query}`, cookie);
    return { res, page: await res.text() };
  };

  before(async () => {
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT });
    const added = await fx.addResource({ name: 'acme-vanity' });
    ({ id, vanityUrl, logDrainUrl } = added);
    const { store } = fx.server;
    const resource = added.resource;
    await seedRequests(store, resource, [{ at: '2026-11-24T11:30:00Z', path: '/users/:id' }], 1000);
    await seedRequests(store, resource, [{ at: '2026-11-24T10:15:00Z', method: 'POST', path: '/login', status: 302 }], 200);
    await seedRequests(store, resource, [{ at: '2026-11-24T09:00:00Z', path: '/api/items', status: 503, code: 'H12' }], 7);
    await seedRequests(store, resource, [{ at: '2026-11-21T12:00:00Z' }], 5000);
    await seedRequests(store, resource, [{ at: '2026-11-04T12:00:00Z', status: 404 }], 300);
    await seedRequests(store, resource, [{ at: '2026-08-01T12:00:00Z' }], 100_000);
    await seedLost(store, resource, '2026-11-24T11:00:00Z', 42);
    cookie = await signIn(fx.server, id, Date.parse(NOW));
  });
  after(() => fx.server.stop());

  it('offers a zone given in another case once, in its canonical spelling (provision option and ?tz alike)', async () => {
    const berlin = await fx.addResource({ options: { timezone: 'europe/berlin' } });
    const berlinCookie = await signIn(fx.server, berlin.id, Date.parse(NOW));
    for (const query of ['', '?tz=EUROPE/BERLIN']) {
      const page = await (await getPage(fx.server, `/dashboard/${berlin.id}${query}`, berlinCookie)).text();
      expect(page.match(/<option value="Europe\/Berlin" selected>/g), query).to.have.length(1);
      expect(page.toLowerCase().match(/<option value="europe\/berlin"/g), query).to.have.length(1);
    }
    expect((await fx.get<{ resource: { timezone: string } }>(berlin.vanityUrl, '')).body.resource.timezone).to.equal('Europe/Berlin');
    expect((await fx.get<{ tz: string }>(berlin.vanityUrl, '/counts')).body.tz).to.equal('Europe/Berlin');
  });

  it('is HTML with Heroku\'s header slot, the app name and the SSO email', async () => {
    const { res, page } = await dashboard();
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    expect(res.headers.get('content-security-policy')).to.include("script-src 'self'");
    expect(page).to.include('<div id="heroku-header"></div>');
    expect(testIdText(page, 'app-name')).to.equal('acme');
    expect(testIdText(page, 'email')).to.equal('user@example.com');
  });

  it('shows the all-time total as the headline and today / 7 days / 30 days, as plain HTML text', async () => {
    const { page } = await dashboard('?tz=UTC');
    expect(testIdText(page, 'total')).to.equal('106,507');
    expect(page).to.match(/106,507<\/span> requests served/);
    expect(testIdText(page, 'today')).to.equal('1,207');
    expect(testIdText(page, 'last-7-days')).to.equal('6,207');
    expect(testIdText(page, 'last-30-days')).to.equal('6,507');
    expect(testIdText(page, 'range-sum')).to.equal('1,207');
    expect(testIdText(page, 'lost-lines')).to.equal('42');
  });

  it('lists top paths, the status mix and router errors by code', async () => {
    const { page } = await dashboard('?tz=UTC');
    const topPaths = /data-testid="top-paths">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    expect(topPaths).to.match(/<code>\/users\/:id<\/code>[\s\S]*?1,000/);
    expect(topPaths.indexOf('/users/:id')).to.be.lessThan(topPaths.indexOf('/login'));
    expect(topPaths).to.include('/api/items');
    const classes = /data-testid="status-classes">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect(classes).to.match(/2xx[\s\S]*?1,000/).and.to.match(/3xx[\s\S]*?200/).and.to.match(/5xx[\s\S]*?>7</);
    const routerErrors = /data-testid="router-errors">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    expect(routerErrors).to.match(/H12[\s\S]*?Request timeout[\s\S]*?>7</);
  });

  it('shows the very numbers the developer API returns', async () => {
    const api = await fx.get<CountsReport>(vanityUrl, '/counts?since=24h&interval=hour&tz=Asia/Kolkata');
    expect(api.status).to.equal(200);
    const { page } = await dashboard('?range=24h&tz=Asia/Kolkata');
    const format = (n: number) => n.toLocaleString('en-US');
    expect(testIdText(page, 'total')).to.equal(format(api.body.total));
    expect(testIdText(page, 'today')).to.equal(format(api.body.recent.today));
    expect(testIdText(page, 'last-7-days')).to.equal(format(api.body.recent.last_7_days));
    expect(testIdText(page, 'range-sum')).to.equal(format(api.body.sum));
  });

  it('counts "today" from midnight in the chosen time zone', async () => {
    // 12:00 UTC is 02:00 the next day in Kiritimati (UTC+14): its today began at 10:00 UTC.
    const { page } = await dashboard('?tz=Pacific/Kiritimati');
    expect(testIdText(page, 'today')).to.equal('1,200');
    expect(page).to.include('<option value="Pacific/Kiritimati" selected>');
    expect(page).to.include('times in Pacific/Kiritimati');
  });

  it('draws the chart for every range of the picker', async () => {
    for (const [range, labels] of [
      ['24h', /Nov 24, 11:00: 1,000 requests/],
      ['24h-minute', /aria-label="Requests per minute/],
      ['7d', /Nov 21, 12:00: 5,000 requests/],
      ['30d', /Wed, Nov 4: 300 requests/],
    ] as const) {
      const { res, page } = await dashboard(`?range=${range}&tz=UTC`);
      expect(res.status, range).to.equal(200);
      expect(page, range).to.match(/<svg class="chart"/);
      expect(page, range).to.match(labels);
      expect(page, range).to.include(`class="active" aria-current="true"`);
    }
  });

  it('lists the chart\'s numbers in a table too (readable without the chart)', async () => {
    const { page } = await dashboard('?range=24h&tz=UTC');
    const table = /<details class="series-table">([\s\S]*?)<\/details>/.exec(page)?.[1] ?? '';
    expect(table).to.include('Show the numbers (3 hours with requests)');
    expect(table).to.match(/Nov 24, 09:00<\/th><td class="num">7<\/td><td class="num">7</);
    expect(table).to.match(/Nov 24, 11:00<\/th><td class="num">1,000<\/td><td class="num">0</);
  });

  it('answers an unknown time zone with a 400 page that names the parameter', async () => {
    const { res, page } = await dashboard('?tz=Mars/Olympus');
    expect(res.status).to.equal(400);
    expect(page).to.match(/tz:/);
  });

  it('escapes everything it renders', async () => {
    const form = { ...ssoForm(id, Math.floor(Date.parse(NOW) / 1000), { userScoped: false }), app: '<script>alert(1)</script>' };
    const evilCookie = cookieHeader(await ssoPost(fx.server, form));
    const page = await (await getPage(fx.server, `/dashboard/${id}`, evilCookie)).text();
    expect(page).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.to.include('<script>alert(1)');
  });

  it('never puts a secret on the page', async () => {
    const { page } = await dashboard();
    const apiKey = decodeURIComponent(new URL(vanityUrl).password);
    const drainKey = decodeURIComponent(new URL(logDrainUrl).password);
    for (const secret of [apiKey, drainKey, vanityUrl, TEST_SSO_SALT, fx.server.config.secret]) {
      expect(page).not.to.include(secret);
    }
  });
});
