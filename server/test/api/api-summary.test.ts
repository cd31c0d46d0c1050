import { expect } from 'chai';
import { apiFetch } from '../support/api-client.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedLost, seedRequests } from '../support/seed-counts.js';

describe('GET /api and /api/openapi.yaml', () => {
  let fx: ApiFixture;
  before(async () => {
    fx = await startApiFixture('2026-11-24T12:34:56Z');
  });
  after(async () => {
    await fx.server.stop();
  });

  it('summarises the resource: id, name, plan, time zone, all-time total and links', async () => {
    const { id, vanityUrl, resource } = await fx.addResource({ name: 'shop-vanity', plan: 'pro', options: { timezone: 'Europe/Berlin' } });
    await seedRequests(fx.server.store, resource, [{ at: '2020-01-01T00:00:00Z' }], 40);
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T12:00:00Z' }], 2);
    await seedLost(fx.server.store, resource, '2026-11-24T12:00:00Z', 5);
    const answer = await fx.get(vanityUrl, '');
    expect(answer.status).to.equal(200);
    const base = `${fx.server.url}/api`;
    expect(answer.body).to.deep.equal({
      resource: { id, name: 'shop-vanity', plan: 'pro', timezone: 'Europe/Berlin' },
      total: 42,
      lost_lines: 5,
      milestones: [],
      links: { counts: `${base}/counts`, top: `${base}/top`, releases: `${base}/releases`, alerts: `${base}/alerts`, openapi: `${base}/openapi.yaml` },
    });
    const counts = await fx.get<{ total: number; sum: number; tz: string }>(vanityUrl, '/counts');
    expect(counts.body).to.deep.include({ total: 42, sum: 2, tz: 'Europe/Berlin' });
  });

  it('serves the OpenAPI document without credentials', async () => {
    const res = await apiFetch(`${fx.server.url}/api/openapi.yaml`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/yaml/);
    const text = await res.text();
    expect(text).to.match(/^openapi: 3\.1\.0$/m);
    for (const path of ['/counts:', '/top:']) expect(text).to.contain(`  ${path}`);
  });
});
