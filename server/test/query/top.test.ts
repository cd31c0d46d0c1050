import { expect } from 'chai';
import type { TopReport } from '../../src/query/index.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';
import type { SeedRequest } from '../support/seed-counts.js';

describe('GET /api/top', () => {
  let fx: ApiFixture;
  let url: string;
  const top = async (query: string) => {
    const answer = await fx.get<TopReport>(url, `/top${query}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };

  before(async () => {
    fx = await startApiFixture('2026-11-24T12:34:56Z');
    const { resource, vanityUrl } = await fx.addResource();
    url = vanityUrl;
    const at = (hour: string, more: Partial<SeedRequest>): SeedRequest => ({ at: `2026-11-24T${hour}Z`, ...more });
    const store = fx.server.store;
    await seedRequests(store, resource, [at('10:00:00', { path: '/a', method: 'POST' })], 5);
    await seedRequests(store, resource, [at('10:05:00', { path: '/c', dyno: 'web.2' })], 3);
    await seedRequests(store, resource, [at('11:00:00', { path: '/b', status: 503, code: 'H12' })], 3);
    await seedRequests(store, resource, [at('11:30:00', { path: '/d', status: 404, code: 'H13' })]);
    // Three days ago: outside the default 24 hours.
    await seedRequests(store, resource, [{ at: '2026-11-21T10:00:00Z', path: '/old' }], 50);
  });
  after(async () => {
    await fx.server.stop();
  });

  it('ranks paths by count, then key, over the last 24 hours by default, with the rest as other', async () => {
    const body = await top('?limit=2');
    expect(body).to.deep.equal({
      by: 'path',
      tz: 'UTC',
      since: '2026-11-23T12:00:00Z',
      until: '2026-11-24T13:00:00Z',
      sum: 12,
      items: [
        { key: '/a', count: 5 },
        { key: '/b', count: 3 },
      ],
      other: 4,
      approximate: false,
    });
  });

  it('lists at most 10 by default', async () => {
    const body = await top('?since=7d');
    expect(body.items.map((i) => i.key)).to.deep.equal(['/old', '/a', '/b', '/c', '/d']);
    expect(body).to.deep.include({ sum: 62, other: 0 });
  });

  it('ranks statuses, methods and dynos', async () => {
    expect((await top('?by=status')).items).to.deep.equal([
      { key: '200', count: 8 },
      { key: '503', count: 3 },
      { key: '404', count: 1 },
    ]);
    expect((await top('?by=method&limit=1')).items).to.deep.equal([{ key: 'GET', count: 7 }]);
    expect((await top('?by=method&limit=1')).other).to.equal(5);
    expect((await top('?by=dyno')).items).to.deep.equal([
      { key: 'web.1', count: 9 },
      { key: 'web.2', count: 3 },
    ]);
  });

  it('sums router error codes over the requests that have one', async () => {
    const body = await top('?by=code&limit=1');
    expect(body).to.deep.include({ sum: 4, other: 1, items: [{ key: 'H12', count: 3 }] });
  });

  it('covers a range of whole hours exactly', async () => {
    const body = await top('?since=2026-11-24T11:00:00Z&until=2026-11-24T12:00:00Z');
    expect(body).to.deep.include({ sum: 4, other: 0, approximate: false });
    expect(body.items).to.deep.equal([
      { key: '/b', count: 3 },
      { key: '/d', count: 1 },
    ]);
  });

  it('answers a range that is not whole hours from the hour rows whose middle lies in it, flagged approximate', async () => {
    const body = await top('?since=2026-11-24T10:05:00Z&until=2026-11-24T11:00:00Z');
    expect(body.items).to.deep.equal([
      { key: '/a', count: 5 },
      { key: '/c', count: 3 },
    ]);
    expect(body.approximate).to.equal(true);
  });

  it('counts the hour being filled in a range ending now, though its middle is still ahead', async () => {
    fx.setNow('2026-11-24T11:20:00Z');
    try {
      const body = await top('?since=90m');
      expect(body).to.deep.include({ since: '2026-11-24T09:50:00Z', until: '2026-11-24T11:20:00Z', approximate: true });
      expect(body.items).to.deep.include({ key: '/b', count: 3 });
    } finally {
      fx.setNow('2026-11-24T12:34:56Z');
    }
  });
});
