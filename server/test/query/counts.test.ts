import { expect } from 'chai';
import type { CountsReport } from '../../src/query/index.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedLost, seedRequests } from '../support/seed-counts.js';

const NOW = '2026-11-24T12:34:56Z';

describe('GET /api/counts', () => {
  let fx: ApiFixture;
  let vanityUrl: string;
  const counts = async (query: string) => {
    const answer = await fx.get<CountsReport>(vanityUrl, `/counts${query}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };

  before(async () => {
    fx = await startApiFixture(NOW);
    const { resource, vanityUrl: url } = await fx.addResource({ name: 'shop-vanity' });
    vanityUrl = url;
    const store = fx.server.store;
    await seedRequests(store, resource, [{ at: '2026-11-23T11:59:00Z' }], 7);
    await seedRequests(store, resource, [{ at: '2026-11-23T12:10:00Z', path: '/users/:id' }], 5);
    await seedRequests(store, resource, [{ at: '2026-11-23T13:05:00Z', status: 404 }], 2);
    await seedRequests(store, resource, [{ at: '2026-11-24T12:00:00Z', status: 503, code: 'H12', serviceMs: 30000 }]);
    await seedRequests(store, resource, [{ at: '2026-11-24T12:30:10Z', serviceMs: 40 }], 3);
    await seedLost(store, resource, '2026-11-24T12:31:00Z', 9);
  });
  after(async () => {
    await fx.server.stop();
  });

  it('defaults to the last 24 hours by hour in the resource time zone, the current hour included', async () => {
    const body = await counts('');
    expect(body.resource).to.deep.include({ name: 'shop-vanity', plan: 'hobby', timezone: 'UTC' });
    expect(body).to.deep.include({ tz: 'UTC', interval: 'hour', since: '2026-11-23T12:00:00Z', until: '2026-11-24T13:00:00Z' });
    expect(body.series).to.have.length(25);
    expect(body.series[0]).to.deep.equal({ t: '2026-11-23T12:00:00Z', count: 5, errors: 0 });
    expect(body.series[1]).to.deep.equal({ t: '2026-11-23T13:00:00Z', count: 2, errors: 0 });
    expect(body.series[23]).to.deep.equal({ t: '2026-11-24T11:00:00Z', count: 0, errors: 0 });
    expect(body.series[24]).to.deep.equal({ t: '2026-11-24T12:00:00Z', count: 4, errors: 1 });
    expect(body).to.deep.include({ total: 18, sum: 11, errors: 1, lost_lines: 9, approximate: false });
    expect(body.by_status_class).to.deep.equal({ '1xx': 0, '2xx': 8, '3xx': 0, '4xx': 2, '5xx': 1 });
    expect(body.router_errors).to.deep.equal({ H12: 1 });
  });

  it('reports recent windows ending now: last hour, today, last 7 and 30 days', async () => {
    const body = await counts('?since=1h');
    expect(body.recent).to.deep.equal({ last_hour: 4, today: 4, last_7_days: 18, last_30_days: 18 });
    expect(body.recent_approximate).to.equal(false);
  });

  it('reads relative since in minutes as a minute series', async () => {
    const body = await counts('?since=90m');
    expect(body).to.deep.include({ interval: 'minute', since: '2026-11-24T11:04:00Z', until: '2026-11-24T12:35:00Z' });
    expect(body.series).to.have.length(91);
    expect(body.series.filter((p) => p.count > 0)).to.deep.equal([
      { t: '2026-11-24T12:00:00Z', count: 1, errors: 1 },
      { t: '2026-11-24T12:30:00Z', count: 3, errors: 0 },
    ]);
    // Breakdowns are hourly: the current hour's row is all before now, so it counts.
    expect(body).to.deep.include({ sum: 4, errors: 1, lost_lines: 9, approximate: true });
    expect(body.by_status_class).to.deep.include({ '2xx': 3, '5xx': 1 });
  });

  it('keeps the sum and series of a 90-minute range exact while its breakdowns come from whole hours', async () => {
    const body = await counts('?since=2026-11-23T12:20:00Z&until=2026-11-23T13:50:00Z');
    expect(body).to.deep.include({ interval: 'minute', sum: 2, errors: 0, approximate: true, series_approximate: false, breakdowns_approximate: true });
    expect(body.series.filter((p) => p.count > 0)).to.deep.equal([{ t: '2026-11-23T13:05:00Z', count: 2, errors: 0 }]);
    // The 12:00 hour (middle 12:30, inside the range) is attributed whole, its 12:10 requests too.
    expect(body.by_status_class).to.deep.equal({ '1xx': 0, '2xx': 5, '3xx': 0, '4xx': 2, '5xx': 0 });
  });

  it('gives exact breakdowns for a range of whole hours', async () => {
    const body = await counts('?since=2026-11-23T12:00:00Z&until=2026-11-23T14:00:00Z&interval=minute');
    expect(body).to.deep.include({ sum: 7, approximate: false });
    expect(body.by_status_class).to.deep.equal({ '1xx': 0, '2xx': 5, '3xx': 0, '4xx': 2, '5xx': 0 });
  });

  it('reads 7d as seven calendar days back, by day', async () => {
    const body = await counts('?since=7d&interval=day');
    expect(body).to.deep.include({ interval: 'day', since: '2026-11-17T00:00:00Z', until: '2026-11-25T00:00:00Z', sum: 18 });
    expect(body.series.map((p) => p.count)).to.deep.equal([0, 0, 0, 0, 0, 0, 7 + 5 + 2, 4]);
  });

  it('chooses day buckets for ranges over a week, and accepts 4w', async () => {
    const body = await counts('?since=4w');
    expect(body).to.deep.include({ interval: 'day', since: '2026-10-27T00:00:00Z' });
    expect(body.series).to.have.length(29);
  });

  it('takes ISO 8601 times with an offset, Z, or none (read in tz)', async () => {
    const z = await counts('?since=2026-11-23T13:00:00Z&until=2026-11-24T12:00:00Z');
    expect(z).to.deep.include({ interval: 'hour', since: '2026-11-23T13:00:00Z', until: '2026-11-24T12:00:00Z', sum: 2 });
    expect(z.series).to.have.length(23);
    const offset = await counts(`?since=${encodeURIComponent('2026-11-23T14:00:00+01:00')}&until=2026-11-24T12:00:00`);
    expect(offset).to.deep.include({ since: '2026-11-23T13:00:00Z', until: '2026-11-24T12:00:00Z', sum: 2 });
    // An unencoded "+" arrives as a space; it is read as the offset it was meant to be.
    const plus = await counts('?since=2026-11-23T14:00:00+01:00&until=now');
    expect(plus.since).to.equal('2026-11-23T13:00:00Z');
  });

  it('widens since and until to whole buckets', async () => {
    const body = await counts('?since=2026-11-23T12:10:30Z&until=2026-11-23T13:05:00Z&interval=minute');
    expect(body).to.deep.include({ since: '2026-11-23T12:10:00Z', until: '2026-11-23T13:05:00Z', sum: 5 });
    expect(body.series).to.have.length(55);
  });

  it('computes service time percentiles from the histogram, null without data', async () => {
    const body = await counts('?since=1h');
    expect(body.service_ms).to.deep.equal({ p50: 50, p95: 30000, p99: 30000 });
    const empty = await counts('?since=2026-11-01T00:00:00Z&until=2026-11-02T00:00:00Z');
    expect(empty).to.deep.include({ sum: 0, service_ms: null, total: 18 });
  });
});
