import { expect } from 'chai';
import nock from 'nock';
import { isolateNetwork, restoreNetwork, stubPlatformApi, vanityAddon } from '../../support/platform-api.js';
import { countsReport } from '../../support/reports.js';
import { run } from '../../support/run.js';

describe('heroku vanity (Platform API and Vanity faked with nock)', () => {
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  it('summarises with the API defaults: headline, recent windows, sparkline, and where to look next', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL: 'https://u:k@vanity.test/api' });
    const vanity = nock('https://vanity.test').get('/api/counts').reply(200, countsReport({ router_errors: { H12: 1 } }));
    const { stdout, error } = await run(['vanity', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(vanity.isDone()).to.equal(true);
    expect(stdout).to.include('=== myapp Requests');
    expect(stdout).to.match(/^123,456 requests all time$/m);
    expect(stdout).to.match(/Today: +38$/m);
    expect(stdout).to.include('█'.repeat(10));
    expect(stdout).to.include('Other ranges: heroku vanity:counts --since 7d · busiest paths: heroku vanity:top');
    expect(stdout).not.to.include('Router errors');
  });
  it('shows the latest milestone, when it was reached in the report\'s zone, and the next one', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL: 'https://u:k@vanity.test/api' });
    const milestones = [
      { value: 1000, reached_at: '2026-11-01T10:02:00.000Z', log_line: 'sent' as const },
      { value: 100_000, reached_at: '2026-11-22T20:02:00.000Z', log_line: 'sent' as const },
    ];
    const vanity = nock('https://vanity.test').get('/api/counts').reply(200, countsReport({ milestones }));
    const { stdout } = await run(['vanity', '-a', 'myapp']);
    expect(vanity.isDone()).to.equal(true);
    const lines = stdout.split('\n');
    expect(lines.slice(lines.indexOf('Last 30 days: 5,000'), lines.indexOf('Last 30 days: 5,000') + 3)).to.deep.equal([
      'Last 30 days: 5,000',
      'Milestone: 100,000 requests, reached 2026-11-23 01:32 · next 1,000,000, 876,544 to go',
      '',
    ]);
  });

  it('before the first milestone says how far it is, and says nothing of milestones an older server did not send', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL: 'https://u:k@vanity.test/api' });
    nock('https://vanity.test').get('/api/counts').reply(200, countsReport({ total: 766 }));
    expect((await run(['vanity', '-a', 'myapp'])).stdout).to.match(/^Last 30 days: 5,000\nFirst milestone: 1,000 requests, 234 to go\n\n/m);
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL: 'https://u:k@vanity.test/api' });
    nock('https://vanity.test').get('/api/counts').reply(200, countsReport());
    expect((await run(['vanity', '-a', 'myapp'])).stdout).not.to.include('ilestone');
    expect(nock.pendingMocks()).to.deep.equal([]);
  });
});
