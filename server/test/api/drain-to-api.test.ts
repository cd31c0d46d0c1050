import { expect } from 'chai';
import type { CountsReport, TopReport } from '../../src/query/index.js';
import { fetchWithUserinfo } from '../support/provider-client.js';
import { drainMessage, logplexBody, routerLine } from '../support/logplex.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';

const at = (second: number) => `2026-11-23T10:15:${String(second).padStart(2, '0')}.000000+00:00`;

describe('a logplex batch through POST /logs/:id, read back through the developer API', () => {
  let fx: ApiFixture;
  before(async () => {
    fx = await startApiFixture('2026-11-23T10:20:00Z');
  });
  after(async () => {
    await fx.server.stop();
  });

  it('counts what the drain committed, in a +05:30 zone, with breakdowns, lost lines and top paths', async () => {
    const { logDrainUrl, logDrainToken, vanityUrl } = await fx.addResource({ options: { timezone: 'Europe/Berlin' } });
    const body = logplexBody([
      routerLine(at(1), { path: '/users/1', status: '200', service: '12ms' }),
      '<190>1 2026-11-23T10:15:02+00:00 host app web.1 - [info] GET /users/1\n',
      routerLine(at(3), { path: '/users/2?page=2', status: '503', service: '40ms' }),
      routerLine(at(4), { method: 'POST', path: '/users', status: '201', service: '900ms' }),
      drainMessage(
        `${at(5)} heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/slow" host=myapp.herokuapp.com ` +
          'request_id=2f0c6c1e-8a1b-4f7e-9b5e-1c2d3e4f5a6b fwd="203.0.113.7" dyno=web.2 connect=0ms service=30000ms status=503 bytes=0 protocol=https',
      ),
      '<172>1 2026-11-23T10:16:00+00:00 host heroku logplex - Error L10 (output buffer overflow): 7 messages dropped since 2026-11-23T10:00:00+00:00.\n',
    ]);
    const posted = await fetchWithUserinfo(logDrainUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/logplex-1', 'logplex-drain-token': logDrainToken, 'logplex-frame-id': 'e2e-frame-1' },
      body,
    });
    expect(posted.status).to.equal(204);

    const counts = await fx.get<CountsReport>(vanityUrl, '/counts?since=1h&tz=Asia/Kolkata');
    expect(counts.status).to.equal(200);
    expect(counts.body).to.deep.include({
      tz: 'Asia/Kolkata',
      interval: 'minute',
      since: '2026-11-23T14:50:00+05:30',
      until: '2026-11-23T15:50:00+05:30',
      total: 4,
      sum: 4,
      errors: 2,
      lost_lines: 7,
      // Kolkata minutes: the series is exact, the breakdowns come from UTC hour rows.
      approximate: true,
    });
    expect(counts.body.by_status_class).to.deep.equal({ '1xx': 0, '2xx': 2, '3xx': 0, '4xx': 0, '5xx': 2 });
    expect(counts.body.router_errors).to.deep.equal({ H12: 1 });
    expect(counts.body.service_ms).to.deep.equal({ p50: 50, p95: 30000, p99: 30000 });
    expect(counts.body.series.filter((p) => p.count > 0)).to.deep.equal([{ t: '2026-11-23T15:45:00+05:30', count: 4, errors: 2 }]);
    expect(counts.body.recent).to.deep.equal({ last_hour: 4, today: 4, last_7_days: 4, last_30_days: 4 });

    const top = await fx.get<TopReport>(vanityUrl, '/top?since=1h&limit=1');
    expect(top.body).to.deep.include({ sum: 4, other: 2, items: [{ key: '/users/:id', count: 2 }] });
    const dynos = await fx.get<TopReport>(vanityUrl, '/top?since=1h&by=dyno');
    expect(dynos.body.items).to.deep.equal([
      { key: 'web.1', count: 3 },
      { key: 'web.2', count: 1 },
    ]);
  });
});
