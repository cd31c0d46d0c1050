import { expect } from 'chai';
import { sharedApiFixture } from '../support/api-fixture.js';

describe('developer API parameter errors', () => {
  const api = sharedApiFixture('2026-11-24T12:34:56Z');

  const cases: Array<[string, string]> = [
    ['/counts?since=yesterday', 'since'],
    ['/counts?since=2026-13-01T00:00:00Z', 'since'],
    ['/counts?since=-5h', 'since'],
    ['/counts?until=soon', 'until'],
    ['/counts?since=1h&since=2h', 'since'],
    ['/counts?since=2026-11-24T00:00:00Z&until=2026-11-23T00:00:00Z', 'since'],
    ['/counts?since=now', 'since'],
    ['/counts?interval=week', 'interval'],
    ['/counts?since=30d&interval=minute', 'interval'],
    ['/counts?since=1970-01-01T00:00:00Z&interval=hour', 'interval'],
    ['/counts?tz=Europe/Atlantis', 'tz'],
    ['/top?by=ip', 'by'],
    ['/top?limit=0', 'limit'],
    ['/top?limit=101', 'limit'],
    ['/top?limit=ten', 'limit'],
    ['/top?limit=2.5', 'limit'],
    ['/top?since=tomorrow', 'since'],
  ];
  for (const [path, param] of cases) {
    it(`answers 400 naming ${param} for ${path}`, async () => {
      const answer = await api.fx.get<{ message: string }>(api.url, path);
      expect(answer.status).to.equal(400);
      expect(answer.headers.get('content-type')).to.match(/^application\/json/);
      expect(answer.body.message).to.match(new RegExp(`^${param}: \\S`));
    });
  }

  it('suggests a coarser interval when the series would be too long', async () => {
    const answer = await api.fx.get<{ message: string }>(api.url, '/counts?since=30d&interval=minute');
    expect(answer.body.message).to.equal('interval: at most 1500 minutes per query; shorten the range or use interval=hour');
  });

  it('allows 1500 days by day', async () => {
    const answer = await api.fx.get<{ series: unknown[] }>(api.url, '/counts?since=1499d&interval=day');
    expect(answer.status).to.equal(200);
    expect(answer.body.series).to.have.length(1500);
  });
});
