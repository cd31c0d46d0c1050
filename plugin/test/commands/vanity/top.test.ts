import { expect } from 'chai';
import nock from 'nock';
import { isolateNetwork, restoreNetwork, stubPlatformApi, vanityAddon } from '../../support/platform-api.js';
import { topReport } from '../../support/reports.js';
import { run } from '../../support/run.js';

const VANITY_URL = 'https://0123-uuid:s3cret-key@vanity.test/api';

/** The table's cells of one line, split on runs of two or more spaces. */
function cells(stdout: string, startsWith: RegExp): string[] {
  const line = stdout.split('\n').find((l) => startsWith.test(l.trim()));
  return (line ?? '').trim().split(/\s{2,}/);
}

describe('heroku vanity:top (Platform API and Vanity faked with nock)', () => {
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  it('ranks paths with count, share and a bar, then the rest', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    nock('https://vanity.test').get('/api/top').query({ by: 'path', limit: '10' }).reply(200, topReport());
    const { stdout, error } = await run(['vanity:top', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(stdout).to.include('=== myapp Requests by path');
    expect(stdout).to.include('2026-11-22 12:00 – 2026-11-23 12:00 (UTC): 100 requests');
    expect(cells(stdout, /^#/)).to.deep.equal(['#', 'Path', 'Requests', 'Share']);
    expect(cells(stdout, /^1 /)).to.deep.equal(['1', '/users/:id', '60', '60%', '█'.repeat(20)]);
    expect(cells(stdout, /^2 /)).to.deep.equal(['2', '/', '30', '30%', '█'.repeat(10)]);
    expect(cells(stdout, /^\(all others\)/)).to.deep.equal(['(all others)', '10', '10%']);
  });

  it('passes --by, --limit and the range, names an empty key "(none)", and --json prints the API\'s JSON', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const report = topReport({ by: 'dyno', sum: 7, items: [{ key: 'web.1', count: 5 }, { key: '', count: 2 }], other: 0 });
    const query = { by: 'dyno', limit: '2', since: '7d', tz: 'UTC' };
    nock('https://vanity.test').get('/api/top').query(query).twice().reply(200, report);
    const { stdout } = await run(['vanity:top', '-a', 'myapp', '--by', 'dyno', '--limit', '2', '--since', '7d', '--tz', 'UTC']);
    expect(cells(stdout, /^#/)).to.deep.equal(['#', 'Dyno', 'Requests', 'Share']);
    expect(cells(stdout, /^2 /)).to.deep.equal(['2', '(none)', '2', '29%', '████████']);
    expect(stdout).not.to.include('(all others)');

    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const json = await run(['vanity:top', '-a', 'myapp', '--by', 'dyno', '--limit', '2', '--since', '7d', '--tz', 'UTC', '--json']);
    expect(JSON.parse(json.stdout)).to.deep.equal(report);
  });

  it('says so when the range has no requests', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    nock('https://vanity.test').get('/api/top').query(true).reply(200, topReport({ sum: 0, items: [], other: 0 }));
    const { stdout } = await run(['vanity:top', '-a', 'myapp', '--by', 'code']);
    expect(stdout).to.include('No requests in this range.');
  });

  for (const argv of [['--by', 'country'], ['--limit', '0'], ['--limit', '101'], ['--since', '24 hours']]) {
    it(`rejects ${argv.join(' ')} before any request`, async () => {
      const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
      const { error } = await run(['vanity:top', '-a', 'myapp', ...argv]);
      expect(error?.message).to.match(/--by|--limit|--since/);
      expect(platform.pendingMocks()).to.have.length(2);
    });
  }
});
