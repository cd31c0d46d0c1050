import { expect } from 'chai';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';
import { testIdText } from '../support/html-text.js';

const NOW = '2026-11-24T12:00:00Z';


describe('dashboard comparison with an earlier period', () => {
  let fx: ApiFixture;
  let id: string;
  let cookie: string;
  const dashboard = async (query: string) => {
    const res = await getPage(fx.server, `/dashboard/${id}${query}`, cookie);
    return { status: res.status, page: await res.text() };
  };

  before(async () => {
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT });
    const added = await fx.addResource();
    id = added.id;
    const { store } = fx.server;
    // Last 24 h: 10 requests, 1 an error; the 24 h before: 8, 2 errors. Last hour 10, the hour before 0.
    await seedRequests(store, added.resource, [{ at: '2026-11-24T11:30:00Z' }], 9);
    await seedRequests(store, added.resource, [{ at: '2026-11-24T11:31:00Z', status: 500 }]);
    await seedRequests(store, added.resource, [{ at: '2026-11-23T02:00:00Z' }], 6);
    await seedRequests(store, added.resource, [{ at: '2026-11-23T03:00:00Z', status: 503 }], 2);
    // A week earlier: 20 in the same 24 hours.
    await seedRequests(store, added.resource, [{ at: '2026-11-17T11:00:00Z' }], 20);
    cookie = await signIn(fx.server, id, Date.parse(NOW));
  });
  after(() => fx.server.stop());

  it('shows the change beside each figure against the previous period by default, and overlays it on the chart', async () => {
    const { page } = await dashboard('?tz=UTC');
    expect(testIdText(page, 'range-sum')).to.equal('10');
    expect(testIdText(page, 'range-sum-change')).to.equal('+25 % vs the previous 24 h');
    expect(testIdText(page, 'errors-change')).to.equal('−50 % vs the previous 24 h');
    expect(testIdText(page, 'last-hour-change')).to.equal('new vs the hour before');
    expect(testIdText(page, 'today-change')).to.equal('+25 % vs yesterday');
    expect(page).to.match(/<path class="previous" data-testid="chart-previous" d="M[^"]+"\/>/);
    expect(page).to.include('previous 24 h (Nov 22, 12:00 – Nov 23, 12:00)');
  });

  it('compares with a week earlier when asked, and keeps that choice in the range links', async () => {
    const { page } = await dashboard('?tz=UTC&compare=week');
    expect(testIdText(page, 'range-sum-change')).to.equal('−50 % vs a week earlier');
    expect(page).to.include('href="/dashboard/' + id + '?range=7d&amp;tz=UTC&amp;compare=week"');
    expect(page).to.match(/<a href="[^"]*compare=week" class="active" aria-current="true">vs a week earlier<\/a>/);
  });

  it('answers an unknown comparison with a 400 page that names the parameter', async () => {
    const { status, page } = await dashboard('?compare=fortnight');
    expect(status).to.equal(400);
    expect(page).to.include('compare: expected one of previous, week, year');
  });
});
