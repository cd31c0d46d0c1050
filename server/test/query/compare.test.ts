import { expect } from 'chai';
import type { Comparison, CountsReport } from '../../src/query/index.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';

const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
const at = (...times: string[]) => times.map((t) => ({ at: t }));

describe('GET /api/counts?compare=', () => {
  let fx: ApiFixture;
  const counts = async (vanityUrl: string, params: Record<string, string>) => {
    const answer = await fx.get<CountsReport>(vanityUrl, `/counts${q(params)}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };
  const compared = async (vanityUrl: string, params: Record<string, string>): Promise<Comparison> => {
    const body = await counts(vanityUrl, params);
    expect(body.compare, 'compare').to.not.equal(null);
    return body.compare as Comparison;
  };

  afterEach(async () => {
    await fx.server.stop();
  });

  describe('in Asia/Kolkata (+05:30), within the minute retention', () => {
    let url: string;
    beforeEach(async () => {
      fx = await startApiFixture('2026-11-24T12:34:56Z');
      const { resource, vanityUrl } = await fx.addResource();
      url = vanityUrl;
      // Range asked for: Kolkata 10:00–12:00 = [04:30Z, 06:30Z); previous: [02:30Z, 04:30Z).
      await seedRequests(fx.server.store, resource, [
        ...at('2026-11-24T02:29:59Z'), // before the previous period
        ...at('2026-11-24T02:30:00Z', '2026-11-24T03:10:00Z', '2026-11-24T04:00:00Z', '2026-11-24T04:29:59Z'), // previous: 4
        ...at('2026-11-24T04:30:00Z', '2026-11-24T06:29:59Z'), // the range: 2
        ...at('2026-11-24T06:30:00Z'), // after it
        // Recent windows at 12:34:56Z: last hour [11:35Z, 12:35Z), the hour before [10:35Z, 11:35Z).
        ...at('2026-11-24T11:35:00Z', '2026-11-24T12:34:00Z', '2026-11-24T12:34:59Z'),
        ...at('2026-11-24T10:35:00Z', '2026-11-24T11:34:59Z'),
      ]);
      await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T03:00:00Z', status: 502 }]);
    });

    it('counts the same number of buckets right before the range, and the change in percent', async () => {
      const body = await counts(url, { tz: 'Asia/Kolkata', interval: 'hour', since: '2026-11-24T10:00:00', until: '2026-11-24T12:00:00', compare: 'previous' });
      expect(body).to.deep.include({ sum: 2, errors: 0, since: '2026-11-24T10:00:00+05:30', until: '2026-11-24T12:00:00+05:30' });
      const compare = body.compare as Comparison;
      expect(compare).to.deep.include({
        kind: 'previous',
        since: '2026-11-24T08:00:00+05:30',
        until: '2026-11-24T10:00:00+05:30',
        sum: 5,
        errors: 1,
        lost_lines: 0,
        series_approximate: false,
      });
      expect(compare.series).to.deep.equal([
        { t: '2026-11-24T08:00:00+05:30', count: 3, errors: 1 },
        { t: '2026-11-24T09:00:00+05:30', count: 2, errors: 0 },
      ]);
      // (2 − 5) / 5 = −60 %; errors 0 vs 1 = −100 %; no lost lines either time: null.
      expect(compare.change_percent).to.deep.include({ sum: -60, errors: -100, lost_lines: null });
    });

    it('compares each recent window with the one before it: last hour with the hour before, today with yesterday', async () => {
      const compare = await compared(url, { tz: 'Asia/Kolkata', compare: 'previous' });
      // Last hour 3, the hour before 2: +50 %.
      expect(compare.recent.last_hour).to.equal(2);
      expect(compare.change_percent.last_hour).to.equal(50);
      // Today in Kolkata began at 2026-11-23T18:30Z: everything seeded; yesterday up to 12:35 Kolkata had nothing.
      expect(compare.recent.today).to.equal(0);
      expect(compare.change_percent.today).to.equal(null);
    });

    it('compares with one week and one year earlier (nothing there: change null)', async () => {
      const week = await compared(url, { tz: 'Asia/Kolkata', interval: 'hour', since: '2026-11-24T10:00:00', until: '2026-11-24T12:00:00', compare: 'week' });
      expect(week).to.deep.include({ kind: 'week', since: '2026-11-17T10:00:00+05:30', until: '2026-11-17T12:00:00+05:30', sum: 0 });
      expect(week.change_percent.sum).to.equal(null);
      const year = await compared(url, { tz: 'Asia/Kolkata', interval: 'hour', since: '2026-11-24T10:00:00', until: '2026-11-24T12:00:00', compare: 'year' });
      expect(year).to.deep.include({ kind: 'year', since: '2025-11-24T10:00:00+05:30', until: '2025-11-24T12:00:00+05:30', sum: 0 });
    });

    it('answers compare: null unless asked, and refuses an unknown kind naming the parameter', async () => {
      expect(await counts(url, { since: '1h' })).to.have.property('compare', null);
      const bad = await fx.get(url, '/counts?compare=month');
      expect(bad.status).to.equal(400);
      expect(bad.body).to.deep.equal({ message: 'compare: expected one of previous, week, year' });
      const twice = await fx.get(url, '/counts?compare=week&compare=year');
      expect(twice.status).to.equal(400);
      expect((twice.body as { message: string }).message).to.match(/^compare: /);
    });
  });

  describe('across the end of summer time in Europe/Berlin (2026-10-25, a 25-hour day)', () => {
    let url: string;
    beforeEach(async () => {
      fx = await startApiFixture('2026-10-28T10:00:00Z');
      const { resource, vanityUrl } = await fx.addResource({ options: { timezone: 'Europe/Berlin' } });
      url = vanityUrl;
      await seedRequests(fx.server.store, resource, [
        // Days 26 and 27 (CET): [2026-10-25T23:00Z, 2026-10-27T23:00Z).
        ...at('2026-10-25T23:00:00Z', '2026-10-27T22:59:59Z'),
        // The two days before, 24 (CEST) and 25 (25 hours): [2026-10-23T22:00Z, 2026-10-25T23:00Z).
        ...at('2026-10-23T21:59:59Z'), // Oct 23, 23:59:59 CEST: outside
        ...at('2026-10-23T22:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T22:59:59Z'),
        // One week before Monday 26, 00:00–06:00 CET [2026-10-25T23:00Z, 2026-10-26T05:00Z) is Monday 19,
        // 00:00–06:00 CEST: [2026-10-18T22:00Z, 2026-10-19T04:00Z), 169 hours earlier.
        ...at('2026-10-18T21:59:59Z', '2026-10-18T22:00:00Z', '2026-10-19T03:59:59Z', '2026-10-19T04:00:00Z'),
      ]);
    });

    it('previous days last as long as those local days (49 hours here), not 48 hours', async () => {
      const body = await counts(url, { interval: 'day', since: '2026-10-26', until: '2026-10-28', compare: 'previous' });
      expect(body.sum).to.equal(2);
      const compare = body.compare as Comparison;
      expect(compare).to.deep.include({ since: '2026-10-24T00:00:00+02:00', until: '2026-10-26T00:00:00+01:00', sum: 4 });
      expect(compare.series).to.deep.equal([
        { t: '2026-10-24T00:00:00+02:00', count: 1, errors: 0 },
        { t: '2026-10-25T00:00:00+02:00', count: 3, errors: 0 },
      ]);
      expect(compare.change_percent.sum).to.equal(-50);
    });

    it('a week earlier is the same local hours, 169 hours before', async () => {
      const compare = await compared(url, { interval: 'hour', since: '2026-10-26T00:00:00', until: '2026-10-26T06:00:00', compare: 'week' });
      expect(compare).to.deep.include({ since: '2026-10-19T00:00:00+02:00', until: '2026-10-19T06:00:00+02:00', sum: 2 });
      expect(compare.series).to.have.length(6);
      expect(compare.series[0]).to.deep.equal({ t: '2026-10-19T00:00:00+02:00', count: 1, errors: 0 });
      expect(compare.series[5]).to.deep.equal({ t: '2026-10-19T05:00:00+02:00', count: 1, errors: 0 });
    });

    it('previous hours across the change are plain hours: 02:00 CEST, 02:00 CET and 03:00 CET', async () => {
      // The range is the 3 hours from 2026-10-25T03:00 CET (02:00Z); the 3 hours before it start at 23:00Z,
      // which includes both 02:00 of the 25th.
      const compare = await compared(url, { interval: 'hour', since: '2026-10-25T02:00:00Z', until: '2026-10-25T05:00:00Z', compare: 'previous' });
      expect(compare.series.map((p) => p.t)).to.deep.equal(['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00']);
      expect(compare.series.map((p) => p.count)).to.deep.equal([0, 1, 1]);
    });
  });
});
