import { expect } from 'chai';
import { countsReport, parseCountsParams, parseTopParams, topReport } from '../../src/query/index.js';
import { QueryParamError } from '../../src/query/query-param-error.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';

const NOW = new Date('2026-11-24T12:34:56Z');

describe('query functions called directly (as the dashboard does)', () => {
  let fx: ApiFixture;
  before(async () => {
    fx = await startApiFixture(NOW.toISOString());
  });
  after(async () => {
    await fx.server.stop();
  });

  it('give the same numbers as the API for the same parameters and clock', async () => {
    const { resource, vanityUrl } = await fx.addResource({ options: { timezone: 'Europe/Berlin' } });
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T10:00:00Z', path: '/x', status: 500 }], 4);
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-20T10:00:00Z', path: '/y' }], 6);
    const query = { since: '7d', tz: 'Asia/Kolkata' };
    const direct = await countsReport(fx.server.store, resource, parseCountsParams(query, resource, NOW), NOW);
    const viaApi = await fx.get(vanityUrl, `/counts?${new URLSearchParams(query)}`);
    expect(viaApi.body).to.deep.equal({ ...direct, milestones: [], releases: [] });
    expect(direct).to.deep.include({ sum: 10, errors: 4, interval: 'hour', tz: 'Asia/Kolkata' });

    const topDirect = await topReport(fx.server.store, resource, parseTopParams({ ...query, limit: '1' }, resource, NOW), NOW);
    expect(topDirect.items).to.deep.equal([{ key: '/y', count: 6 }]);
    expect((await fx.get(vanityUrl, `/top?${new URLSearchParams({ ...query, limit: '1' })}`)).body).to.deep.equal(topDirect);
  });

  it('resolve relative times against the clock each report is given', async () => {
    const { resource } = await fx.addResource();
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T12:00:00Z' }]);
    const params = parseCountsParams({ since: '1h' }, resource, NOW);
    expect((await countsReport(fx.server.store, resource, params, NOW)).sum).to.equal(1);
    const later = new Date('2026-11-24T14:30:00Z');
    expect((await countsReport(fx.server.store, resource, params, later)).sum).to.equal(0);
  });

  it('throw a QueryParamError naming the parameter, and default tz to the resource zone', async () => {
    const { resource } = await fx.addResource({ options: { timezone: 'Europe/Berlin' } });
    expect(() => parseCountsParams({ interval: 'fortnight' }, resource)).to.throw(QueryParamError, /^interval: /).with.property('param', 'interval');
    expect(() => parseTopParams({ limit: '500' }, resource)).to.throw(QueryParamError, /^limit: /).with.property('param', 'limit');
    expect(parseCountsParams({}, resource).tz).to.equal('Europe/Berlin');
    expect(parseCountsParams({ tz: 'Etc/GMT 5' }, resource).tz).to.equal('Etc/GMT+5');
  });
});
