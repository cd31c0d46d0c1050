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
});
