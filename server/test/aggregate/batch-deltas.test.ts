import { expect } from 'chai';
import { batchDeltas } from '../../src/aggregate/batch-deltas.js';
import { dayBucketOf } from '../../src/aggregate/day-buckets.js';
import type { RouterRequest } from '../../src/parse/router-line.js';
import type { ParsedBody } from '../../src/parse/drain-body.js';
import { LEVEL_DIMENSIONS } from '../../src/model/levels.js';
import type { CountDelta } from '../../src/model/counts.js';

const sec = (iso: string) => Date.parse(iso) / 1000;
const request = (iso: string, fields: Partial<RouterRequest> = {}): RouterRequest => ({
  time: Date.parse(iso),
  method: 'GET',
  status: 200,
  path: '/',
  dyno: 'web.1',
  code: '',
  serviceMs: 12,
  atError: false,
  ...fields,
});
const body = (requests: RouterRequest[], lost: ParsedBody['lost'] = []): ParsedBody => ({ requests, lost, frames: requests.length, parseErrors: 0 });
const deltas = (parsed: ParsedBody, zone = 'UTC') => batchDeltas(parsed, { zone, keysFor: async () => (_dim, key) => key });

function table(list: CountDelta[]): Record<string, number> {
  return Object.fromEntries(list.map((d) => [`${d.level} ${new Date(d.bucket * 1000).toISOString()} ${d.dim}=${d.key}`, d.n]));
}

describe('batchDeltas', () => {
  it('counts one request in every dimension at hour and day, and only the request series per minute', async () => {
    const t = table(await deltas(body([request('2026-11-23T10:15:42.5Z', { method: 'POST', status: 201, path: '/users/:id', serviceMs: 37 })])));
    for (const [level, bucket] of [
      ['hour', '2026-11-23T10:00:00.000Z'],
      ['day', '2026-11-23T00:00:00.000Z'],
    ]) {
      expect(t[`${level} ${bucket} all=`]).to.equal(1);
      expect(t[`${level} ${bucket} status=201`]).to.equal(1);
      expect(t[`${level} ${bucket} method=POST`]).to.equal(1);
      expect(t[`${level} ${bucket} path=/users/:id`]).to.equal(1);
      expect(t[`${level} ${bucket} dyno=web.1`]).to.equal(1);
      expect(t[`${level} ${bucket} service=50`]).to.equal(1);
    }
    expect(Object.keys(t).filter((row) => row.startsWith('minute '))).to.deep.equal(['minute 2026-11-23T10:15:00.000Z all=']);
    expect(Object.keys(t)).to.have.length(13);
  });

  it('writes minute rows only for the dimensions LEVEL_DIMENSIONS gives the minute level', async () => {
    const list = await deltas(
      body(
        [request('2026-11-23T10:00:01Z', { status: 503, code: 'H12', atError: true }), request('2026-11-23T10:01:02Z', { path: '/b' })],
        [{ time: Date.parse('2026-11-23T10:00:30Z'), count: 5 }],
      ),
    );
    const minuteDims = new Set(list.filter((d) => d.level === 'minute').map((d) => d.dim));
    // Router error codes are written per minute too, for alerts only (ALERT_MINUTE_DIMENSIONS).
    expect([...minuteDims].sort()).to.deep.equal(['all', 'code', 'error', 'lost']);
    expect(LEVEL_DIMENSIONS.minute).to.have.members(['all', 'error', 'lost']);
    expect(list.filter((d) => d.level === 'minute' && d.dim === 'code')).to.deep.equal([
      { level: 'minute', bucket: Date.parse('2026-11-23T10:00:00Z') / 1000, dim: 'code', key: 'H12', n: 1 },
    ]);
    const hourDims = new Set(list.filter((d) => d.level === 'hour').map((d) => d.dim));
    expect([...hourDims].sort()).to.deep.equal(['all', 'code', 'dyno', 'error', 'lost', 'method', 'path', 'service', 'status']);
  });

  it('counts errors (at=error or 5xx), codes, empty status and dyno, and no service bin when empty', async () => {
    const t = table(
      await deltas(
        body([
          request('2026-11-23T10:00:01Z', { status: 503, code: 'H12', atError: true, serviceMs: 30001 }),
          request('2026-11-23T10:00:02Z', { status: null, code: 'H24', atError: true, dyno: '', serviceMs: null }),
          request('2026-11-23T10:00:03Z', { status: 500 }),
          request('2026-11-23T10:00:04Z', { status: 404 }),
        ]),
      ),
    );
    expect(t['minute 2026-11-23T10:00:00.000Z all=']).to.equal(4);
    expect(t['minute 2026-11-23T10:00:00.000Z error=']).to.equal(3);
    const m = 'hour 2026-11-23T10:00:00.000Z';
    expect(t[`${m} all=`]).to.equal(4);
    expect(t[`${m} error=`]).to.equal(3);
    expect(t[`${m} code=H12`]).to.equal(1);
    expect(t[`${m} code=H24`]).to.equal(1);
    expect(t[`${m} status=`]).to.equal(1);
    expect(t[`${m} status=503`]).to.equal(1);
    expect(t[`${m} dyno=`]).to.equal(1);
    expect(t[`${m} service=inf`]).to.equal(1);
    expect(t[`${m} service=20`]).to.equal(2);
  });

  it('sums lines of the same bucket and splits lines of different minutes', async () => {
    const t = table(await deltas(body([request('2026-11-23T10:00:01Z'), request('2026-11-23T10:00:59Z'), request('2026-11-23T10:01:00Z')])));
    expect(t['minute 2026-11-23T10:00:00.000Z all=']).to.equal(2);
    expect(t['minute 2026-11-23T10:01:00.000Z all=']).to.equal(1);
    expect(t['hour 2026-11-23T10:00:00.000Z all=']).to.equal(3);
    expect(t['day 2026-11-23T00:00:00.000Z all=']).to.equal(3);
  });

  it('counts lines whose minutes interleave (out-of-order lines, a lost notice between them) into their own minutes', async () => {
    const t = table(
      await deltas(
        body(
          [
            request('2026-11-23T10:00:01Z', { status: null, serviceMs: 0 }),
            request('2026-11-23T10:01:01Z', { status: 404, serviceMs: 30001 }),
            request('2026-11-23T10:00:02Z', { status: null, serviceMs: 0 }),
            request('2026-11-23T10:01:02Z', { status: 200, serviceMs: 3 }),
          ],
          [{ time: Date.parse('2026-11-23T10:00:30Z'), count: 7 }],
        ),
      ),
    );
    expect(t['minute 2026-11-23T10:00:00.000Z all=']).to.equal(2);
    expect(t['minute 2026-11-23T10:00:00.000Z lost=']).to.equal(7);
    expect(t['minute 2026-11-23T10:01:00.000Z all=']).to.equal(2);
    const h = 'hour 2026-11-23T10:00:00.000Z';
    expect([t[`${h} status=`], t[`${h} status=404`], t[`${h} status=200`]]).to.deep.equal([2, 1, 1]);
    expect([t[`${h} service=0`], t[`${h} service=inf`], t[`${h} service=5`]]).to.deep.equal([2, 1, 1]);
  });

  it('counts L10 lost lines at the notice time', async () => {
    const t = table(await deltas(body([], [{ time: Date.parse('2026-11-23T10:00:30Z'), count: 500 }])));
    expect(t).to.deep.equal({
      'minute 2026-11-23T10:00:00.000Z lost=': 500,
      'hour 2026-11-23T10:00:00.000Z lost=': 500,
      'day 2026-11-23T00:00:00.000Z lost=': 500,
    });
  });

  it("starts days at the resource's local midnight: Asia/Kathmandu (+05:45) splits a UTC hour", async () => {
    // 18:14 UTC is 23:59 in Kathmandu; 18:15 UTC is 00:00 the next day.
    const list = await deltas(body([request('2026-11-23T18:14:30Z'), request('2026-11-23T18:15:30Z')]), 'Asia/Kathmandu');
    const days = list.filter((d) => d.level === 'day' && d.dim === 'all').map((d) => [d.bucket, d.n]);
    expect(days).to.deep.equal([
      [sec('2026-11-22T18:15:00Z'), 1],
      [sec('2026-11-23T18:15:00Z'), 1],
    ]);
    const hours = list.filter((d) => d.level === 'hour' && d.dim === 'all').map((d) => [d.bucket, d.n]);
    expect(hours).to.deep.equal([[sec('2026-11-23T18:00:00Z'), 2]]);
  });

  it('applies the key cap mapping to every level that stores breakdowns', async () => {
    const list = await batchDeltas(body([request('2026-11-23T10:00:00Z', { path: '/a' }), request('2026-11-23T10:00:01Z', { path: '/b' })]), {
      zone: 'UTC',
      keysFor: async () => (dim, key) => (dim !== 'path' || key === '/a' ? key : '(other)'),
    });
    const paths = list.filter((d) => d.dim === 'path').map((d) => `${d.level} ${d.key}`);
    expect(paths.sort()).to.deep.equal(['day (other)', 'day /a', 'hour (other)', 'hour /a']);
  });
});

describe('dayBucketOf', () => {
  it('follows daylight saving time (America/New_York, 25-hour day)', () => {
    expect(dayBucketOf(sec('2026-11-01T04:30:00Z'), 'America/New_York')).to.equal(sec('2026-11-01T04:00:00Z'));
    expect(dayBucketOf(sec('2026-11-02T04:59:00Z'), 'America/New_York')).to.equal(sec('2026-11-01T04:00:00Z'));
    expect(dayBucketOf(sec('2026-11-02T05:00:00Z'), 'America/New_York')).to.equal(sec('2026-11-02T05:00:00Z'));
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(dayBucketOf(sec('2026-11-23T10:00:00Z'), 'Not/AZone')).to.equal(sec('2026-11-23T00:00:00Z'));
  });
});
