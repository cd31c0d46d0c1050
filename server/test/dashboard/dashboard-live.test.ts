import { expect } from 'chai';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';
import type { LiveFigures } from '../../src/dashboard/dashboard-page.js';
import type { Resource } from '../../src/model/resource.js';
import { testIdText } from '../support/html-text.js';

const NOW = '2026-11-24T12:00:30Z';


describe('dashboard live numbers (GET /dashboard/:id/live)', () => {
  let fx: ApiFixture;
  let id: string;
  let resource: Resource;
  let cookie: string;
  const live = async (query: string, sessionCookie = cookie) => {
    const res = await getPage(fx.server, `/dashboard/${id}/live${query}`, sessionCookie);
    return { res, body: res.headers.get('content-type')?.startsWith('application/json') ? ((await res.json()) as LiveFigures) : null };
  };

  before(async () => {
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT });
    const added = await fx.addResource();
    ({ id, resource } = added);
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T11:20:00Z' }], 30);
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T12:00:10Z' }], 4);
    cookie = await signIn(fx.server, id, Date.parse(NOW));
  });
  after(() => fx.server.stop());

  it('the page says where it polls: the same range, zone and comparison', async () => {
    const page = await (await getPage(fx.server, `/dashboard/${id}?range=24h-minute&tz=Asia%2FKolkata&compare=week`, cookie)).text();
    expect(page).to.include(`data-live="/dashboard/${id}/live?range=24h-minute&amp;tz=Asia%2FKolkata&amp;compare=week"`);
    expect(testIdText(page, 'current-bucket')).to.equal('4');
  });

  it('answers the figures the page shows, as the page renders them, and the chart', async () => {
    const query = '?range=24h-minute&tz=UTC';
    const page = await (await getPage(fx.server, `/dashboard/${id}${query}`, cookie)).text();
    const { res, body } = await live(query);
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const figures = body as LiveFigures;
    for (const [testId, text] of Object.entries(figures.text)) expect(text, testId).to.equal(testIdText(page, testId));
    expect(figures.text).to.deep.include({ total: '34', 'range-sum': '34', 'current-bucket': '4', 'last-hour': '34' });
    expect(figures.changes['range-sum-change']).to.deep.equal({ text: 'new vs the previous 24 h', trend: 'flat' });
    expect(figures.chart).to.match(/^<svg class="chart"[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg">/);
    expect(page).to.include(figures.chart);
  });

  it('has the new request once it is counted', async () => {
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T12:00:20Z', status: 500 }]);
    const { body } = await live('?range=24h-minute&tz=UTC');
    expect(body?.text).to.deep.include({ total: '35', 'current-bucket': '5', 'range-errors': '1' });
  });

  it('needs the session of this add-on', async () => {
    expect((await live('')).res.status).to.equal(200);
    expect((await live('', '')).res.status).to.equal(401);
    const other = await fx.addResource();
    expect((await live('', await signIn(fx.server, other.id, Date.parse(NOW)))).res.status).to.equal(403);
  });
});
