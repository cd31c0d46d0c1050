import { expect } from 'chai';
import type { CountsReport } from '../../src/query/index.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';

const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
const nonZero = (body: CountsReport) => body.series.filter((p) => p.count > 0).map(({ t, count }) => ({ t, count }));

describe('GET /api/counts in time zones', () => {
  let fx: ApiFixture;
  const counts = async (vanityUrl: string, params: Record<string, string>) => {
    const answer = await fx.get<CountsReport>(vanityUrl, `/counts${q(params)}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };

  beforeEach(async () => {
    fx = await startApiFixture('2026-11-24T12:34:56Z');
  });
  afterEach(async () => {
    await fx.server.stop();
  });

  describe('on a UTC resource, within minute retention', () => {
    let url: string;
    beforeEach(async () => {
      const { resource, vanityUrl } = await fx.addResource();
      url = vanityUrl;
      await seedRequests(fx.server.store, resource, [
        { at: '2026-11-23T18:20:00Z' }, // Kolkata 23:50 on the 23rd
        { at: '2026-11-23T18:40:00Z' }, // Kolkata 00:10 on the 24th
        { at: '2026-11-24T06:14:00Z' }, // Kathmandu 11:59, Kolkata 11:44
        { at: '2026-11-24T06:16:00Z' }, // Kathmandu 12:01, Kolkata 11:46
        { at: '2026-11-24T06:40:00Z' }, // Kathmandu 12:25, Kolkata 12:10
      ]);
    });

    it('buckets hours at :30 UTC in Asia/Kolkata (+05:30): the series exactly, breakdowns from UTC hours approximately', async () => {
      const body = await counts(url, { tz: 'Asia/Kolkata', interval: 'hour', since: '2026-11-24T11:00:00', until: '2026-11-24T13:00:00' });
      expect(body).to.deep.include({
        tz: 'Asia/Kolkata',
        since: '2026-11-24T11:00:00+05:30',
        until: '2026-11-24T13:00:00+05:30',
        sum: 3,
        approximate: true,
        series_approximate: false,
        breakdowns_approximate: true,
      });
      expect(body.series).to.deep.equal([
        { t: '2026-11-24T11:00:00+05:30', count: 2, errors: 0 },
        { t: '2026-11-24T12:00:00+05:30', count: 1, errors: 0 },
      ]);
    });

    it('buckets hours at :15 UTC in Asia/Kathmandu (+05:45): the series exactly, breakdowns approximately', async () => {
      const body = await counts(url, { tz: 'Asia/Kathmandu', interval: 'hour', since: '2026-11-24T11:00:00+05:45', until: '2026-11-24T13:00:00+05:45' });
      expect(body.series).to.deep.equal([
        { t: '2026-11-24T11:00:00+05:45', count: 1, errors: 0 },
        { t: '2026-11-24T12:00:00+05:45', count: 2, errors: 0 },
      ]);
      expect(body.approximate).to.equal(true);
    });

    it('starts days at local midnight, for the series and for today', async () => {
      const body = await counts(url, { tz: 'Asia/Kolkata', interval: 'day', since: '2026-11-23', until: '2026-11-25' });
      expect(body.series).to.deep.equal([
        { t: '2026-11-23T00:00:00+05:30', count: 1, errors: 0 },
        { t: '2026-11-24T00:00:00+05:30', count: 4, errors: 0 },
      ]);
      // Kolkata midnight is 18:30 UTC: the series is exact from minute rows, breakdowns are not.
      expect(body).to.deep.include({ approximate: true, sum: 5 });
      expect(body.recent.today).to.equal(4);
      const utc = await counts(url, { interval: 'day', since: '2026-11-23', until: '2026-11-25' });
      expect(utc.series.map((p) => p.count)).to.deep.equal([2, 3]);
      expect(utc.recent.today).to.equal(3);
    });

    it('accepts a time zone name in any case and refuses unknown zones naming tz', async () => {
      const body = await counts(url, { tz: 'europe/berlin', since: '1h' });
      expect(body.tz).to.equal('Europe/Berlin');
      const bad = await fx.get(url, '/counts?tz=Mars/Olympus_Mons');
      expect(bad.status).to.equal(400);
      expect(bad.body.message).to.match(/^tz: /);
    });
  });

  describe('across DST changes in Europe/Berlin', () => {
    let url: string;
    beforeEach(async () => {
      const { resource, vanityUrl } = await fx.addResource({ options: { timezone: 'Europe/Berlin' } });
      url = vanityUrl;
      await seedRequests(fx.server.store, resource, [
        { at: '2026-03-28T23:30:00Z' }, // 00:30 CET on the 29th
        { at: '2026-03-29T21:30:00Z' }, // 23:30 CEST on the 29th
        { at: '2026-03-29T22:30:00Z' }, // 00:30 CEST on the 30th
        { at: '2026-10-25T00:30:00Z' }, // 02:30 CEST, the first 02:30
        { at: '2026-10-25T01:30:00Z' }, // 02:30 CET, the second
      ]);
    });

    it('gives a spring-forward day 23 hourly buckets', async () => {
      fx.setNow('2026-03-30T12:00:00Z');
      const body = await counts(url, { interval: 'hour', since: '2026-03-29T00:00:00', until: '2026-03-30T00:00:00' });
      expect(body).to.deep.include({ since: '2026-03-29T00:00:00+01:00', until: '2026-03-30T00:00:00+02:00', sum: 2, approximate: false });
      expect(body.series).to.have.length(23);
      expect(body.series.slice(1, 3).map((p) => p.t)).to.deep.equal(['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']);
      expect(nonZero(body)).to.deep.equal([
        { t: '2026-03-29T00:00:00+01:00', count: 1 },
        { t: '2026-03-29T23:00:00+02:00', count: 1 },
      ]);
    });

    it('gives a fall-back day 25 hourly buckets, 02:00 twice', async () => {
      fx.setNow('2026-10-26T12:00:00Z');
      const body = await counts(url, { interval: 'hour', since: '2026-10-25T00:00:00+02:00', until: '2026-10-26T00:00:00+01:00' });
      expect(body.series).to.have.length(25);
      expect(nonZero(body)).to.deep.equal([
        { t: '2026-10-25T02:00:00+02:00', count: 1 },
        { t: '2026-10-25T02:00:00+01:00', count: 1 },
      ]);
    });

    it('sums local days from the stored day rows, months later, exactly', async () => {
      const body = await counts(url, { interval: 'day', since: '2026-03-28', until: '2026-03-31' });
      expect(body.series).to.deep.equal([
        { t: '2026-03-28T00:00:00+01:00', count: 0, errors: 0 },
        { t: '2026-03-29T00:00:00+01:00', count: 2, errors: 0 },
        { t: '2026-03-30T00:00:00+02:00', count: 1, errors: 0 },
      ]);
      expect(body.approximate).to.equal(false);
    });
  });

  describe('when retention left only coarse rows', () => {
    let url: string;
    beforeEach(async () => {
      const { resource, vanityUrl } = await fx.addResource();
      url = vanityUrl;
      await seedRequests(fx.server.store, resource, [
        { at: '2026-11-20T05:20:00Z' }, // Kathmandu 11:05
        { at: '2026-11-20T05:50:00Z' }, // Kathmandu 11:35
        { at: '2026-11-20T06:10:00Z' }, // Kathmandu 11:55, but its UTC hour is mostly Kathmandu's 12:00
      ]);
    });

    it('is exact where hour rows line up (UTC hours, four days ago)', async () => {
      const body = await counts(url, { interval: 'hour', since: '2026-11-20T05:00:00Z', until: '2026-11-20T07:00:00Z' });
      expect(body.series.map((p) => p.count)).to.deep.equal([2, 1]);
      expect(body.approximate).to.equal(false);
    });

    it('attributes each UTC hour to the Kathmandu hour holding most of it, and says approximate', async () => {
      const body = await counts(url, { tz: 'Asia/Kathmandu', interval: 'hour', since: '2026-11-20T11:00:00', until: '2026-11-20T13:00:00' });
      expect(body.series.map((p) => p.count)).to.deep.equal([2, 1]);
      // Minute rows are pruned here: the series itself had to come from UTC hour rows.
      expect(body).to.deep.include({ approximate: true, series_approximate: true });
    });

    it('puts a whole hour into its middle minute when minutes are asked for after minute retention', async () => {
      const body = await counts(url, { interval: 'minute', since: '2026-11-20T05:00:00Z', until: '2026-11-20T06:00:00Z' });
      expect(nonZero(body)).to.deep.equal([{ t: '2026-11-20T05:30:00Z', count: 2 }]);
      expect(body).to.deep.include({ sum: 2, approximate: true });
    });

    it('uses the resource-day rows for other zones beyond hour retention, approximately', async () => {
      fx.setNow('2027-01-24T12:00:00Z');
      const body = await counts(url, { tz: 'America/New_York', interval: 'day', since: '2026-11-19', until: '2026-11-21' });
      expect(body.series.map((p) => p.count)).to.deep.equal([0, 3]);
      expect(body.approximate).to.equal(true);
      const utc = await counts(url, { interval: 'day', since: '2026-11-19', until: '2026-11-21' });
      expect(utc.series.map((p) => p.count)).to.deep.equal([0, 3]);
      expect(utc.approximate).to.equal(false);
    });
  });
});
