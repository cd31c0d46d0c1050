import { ux } from '@oclif/core/ux';
import { expect } from 'chai';
import nock from 'nock';
import { freePort } from '../../../../server/test/support/free-port.js';
import {
  HEROKU_TOKEN, isolateNetwork, otherAddon, PLATFORM_API, restoreNetwork, stubPlatformApi, vanityAddon,
} from '../../support/platform-api.js';
import { unwrapped } from '../../../../test/support/heroku-cli.js';
import { countsReport } from '../../support/reports.js';
import { run } from '../../support/run.js';

const VANITY_URL = 'https://0123-uuid:s3cret-key@vanity.test/api';
const BASIC = `Basic ${Buffer.from('0123-uuid:s3cret-key').toString('base64')}`;

/** The Vanity server, faked here only to see exactly what the plugin sends it. */
function fakeVanity(query: Record<string, string> = {}, report = countsReport()) {
  return nock('https://vanity.test').get('/api/counts').query(query).reply(200, report);
}

describe('heroku vanity:counts (Platform API and Vanity faked with nock)', () => {
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  it('finds the add-on, reads its config var and shows the counts', async () => {
    const platform = stubPlatformApi('myapp', [otherAddon('pg-1', 'heroku-postgresql', ['DATABASE_URL']), vanityAddon('vanity-a')], {
      DATABASE_URL: 'postgres://x', VANITY_URL,
    });
    const vanity = fakeVanity({}, countsReport({ router_errors: { H12: 3 }, lost_lines: 7 }));
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(platform.isDone() && vanity.isDone()).to.equal(true);
    expect(stdout).to.include('=== myapp Requests');
    expect(stdout).to.match(/^123,456 requests all time$/m);
    expect(stdout).to.match(/Last hour: +20$/m);
    expect(stdout).to.match(/Last 30 days: +5,000$/m);
    expect(stdout).to.include('2026-11-23 06:00 – 2026-11-23 12:00 (Asia/Kolkata), by hour');
    expect(stdout).to.include('38 requests, 2 errors');
    // 6 hourly points, each drawn 10 columns wide: 0 3 10 0 5 20
    expect(stdout).to.include(['▁', '▃', '▅', '▁', '▃', '█'].map((b) => b.repeat(10)).join(''));
    expect(stdout).to.match(/^2026-11-23 06:00 +2026-11-23 11:00$/m);
    expect(stdout).to.include('2xx 30 (79%) · 3xx 2 (5.3%) · 4xx 4 (11%) · 5xx 2 (5.3%)');
    expect(stdout).to.include('p50 20 ms · p95 200 ms · p99 900 ms');
    expect(stdout).to.match(/Router errors: +H12 3$/m);
    expect(stdout).to.match(/Lost lines \(L10\): +7 log lines dropped/m);
  });

  it('asks the Platform API for the add-ons and the config vars at once (one round trip, not two)', async () => {
    let configAsked!: () => void;
    const configSeen = new Promise<void>((resolve) => (configAsked = resolve));
    const platform = nock(PLATFORM_API, { reqheaders: { authorization: `Bearer ${HEROKU_TOKEN}` } })
      // answered only once the config vars have been asked for: called one after the other, this never answers
      .get('/apps/myapp/addons')
      .reply(async () => {
        await configSeen;
        return [200, [vanityAddon('vanity-a')]];
      })
      .get('/apps/myapp/config-vars')
      .reply(() => {
        configAsked();
        return [200, { VANITY_URL }];
      });
    const vanity = fakeVanity();
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(platform.isDone() && vanity.isDone()).to.equal(true);
    expect(stdout).to.match(/^123,456 requests all time$/m);
  });

  it('leaves out router errors and lost lines when there are none', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    fakeVanity();
    const { stdout } = await run(['vanity:counts', '-a', 'myapp']);
    expect(stdout).to.include('Status:');
    expect(stdout).not.to.include('Router errors');
    expect(stdout).not.to.include('Lost lines');
  });

  it('puts the hourly-breakdowns note under the breakdowns, not on the exact request count', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    fakeVanity({}, countsReport({ sum: 7, errors: 0, approximate: true, series_approximate: false, breakdowns_approximate: true }));
    const { stdout } = await run(['vanity:counts', '-a', 'myapp']);
    expect(stdout).to.match(/^7 requests, 0 errors$/m);
    expect(stdout).to.include('(approximate: breakdowns are kept per hour, and this range is not whole hours)');
    expect(stdout).not.to.include('coarser buckets');
  });

  it('says when numbers are approximate, and counts one request in the singular', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    fakeVanity({}, countsReport({ total: 1, sum: 1, errors: 1, approximate: true, series_approximate: true, recent_approximate: true }));
    const { stdout } = await run(['vanity:counts', '-a', 'myapp']);
    expect(stdout).to.match(/^1 request all time$/m);
    expect(stdout).to.include('1 request, 1 error (approximate: some numbers come from coarser buckets than asked for, e.g. breakdowns kept per hour)');
    expect(stdout.match(/\(approximate/g)).to.have.length(2);
  });

  it('passes --since, --until, --interval and --tz to the API, and --json prints its JSON unchanged', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const report = countsReport({ interval: 'day' });
    fakeVanity({ since: '7d', until: '2026-11-23T12:00Z', interval: 'day', tz: 'Europe/Berlin' }, report);
    const { stdout, error } = await run([
      'vanity:counts', '-a', 'myapp', '--since', '7d', '--until', '2026-11-23T12:00Z', '--interval', 'day', '--tz', 'Europe/Berlin', '--json',
    ]);
    expect(error).to.equal(undefined);
    expect(JSON.parse(stdout)).to.deep.equal(report);
  });

  it('--compare previous asks for the comparison and prints the earlier period and the change beside each figure', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const compare = {
      kind: 'previous' as const,
      since: '2026-11-23T00:00:00+05:30',
      until: '2026-11-23T06:00:00+05:30',
      sum: 30,
      errors: 1,
      lost_lines: 0,
      recent: { last_hour: 19, today: 38, last_7_days: 800, last_30_days: 0 },
      series: [],
      series_approximate: false,
      recent_approximate: false,
      change_percent: { sum: 26.7, errors: 100, lost_lines: null, last_hour: 5.3, today: 0, last_7_days: 25, last_30_days: null },
    };
    const vanity = fakeVanity({ compare: 'previous' }, countsReport({ compare }));
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp', '--compare', 'previous']);
    expect(error).to.equal(undefined);
    expect(vanity.isDone()).to.equal(true);
    expect(stdout).to.match(/^Last hour: +20 {2}\+5\.3 % vs the hour before$/m);
    expect(stdout).to.match(/^Today: +38 {2}±0 % vs yesterday$/m);
    expect(stdout).to.match(/^Last 7 days: +1,000 {2}\+25 % vs the 7 days before$/m);
    expect(stdout).to.match(/^Last 30 days: +5,000 {2}new vs the 30 days before$/m);
    expect(stdout).to.match(/^Previous period 2026-11-23 00:00 – 2026-11-23 06:00: 30 requests \(\+27 %\), 1 error \(\+100 %\)$/m);
  });

  it('sends Vanity its own credential and never the Heroku token', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const seen: Record<string, string | string[]>[] = [];
    nock('https://vanity.test')
      .get('/api/counts')
      .reply(function () {
        seen.push(this.req.headers);
        return [200, countsReport()];
      });
    await run(['vanity:counts', '-a', 'myapp']);
    expect(seen).to.have.length(1);
    expect(seen[0]!.authorization).to.equal(BASIC);
    expect(JSON.stringify(seen[0])).not.to.include(HEROKU_TOKEN);
  });

  it('reads an attachment renamed with --as (TRAFFIC_URL)', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a', ['TRAFFIC_URL'])], { TRAFFIC_URL: VANITY_URL });
    const vanity = fakeVanity();
    const { error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(vanity.isDone()).to.equal(true);
  });

  it('asks for --addon when the app has several Vanity add-ons, and reads the one named', async () => {
    const addons = [vanityAddon('vanity-a'), vanityAddon('vanity-b', ['TRAFFIC_URL'])];
    stubPlatformApi('myapp', addons);
    const ambiguous = await run(['vanity:counts', '-a', 'myapp']);
    expect(ambiguous.error?.message).to.equal('myapp has 2 Vanity add-ons (vanity-a, vanity-b). Pick one with --addon NAME.');
    nock.cleanAll();

    stubPlatformApi('myapp', addons, { VANITY_URL: 'https://a:a@other.test/api', TRAFFIC_URL: VANITY_URL });
    const vanity = fakeVanity();
    const picked = await run(['vanity:counts', '-a', 'myapp', '--addon', 'vanity-b']);
    expect(picked.error).to.equal(undefined);
    expect(vanity.isDone()).to.equal(true);

    stubPlatformApi('myapp', addons, { VANITY_URL: 'https://a:a@other.test/api', TRAFFIC_URL: VANITY_URL });
    const byAttachment = fakeVanity();
    await run(['vanity:counts', '-a', 'myapp', '--addon', 'TRAFFIC']);
    expect(byAttachment.isDone()).to.equal(true);

    stubPlatformApi('myapp', addons);
    const unknown = await run(['vanity:counts', '-a', 'myapp', '--addon', 'vanity-c']);
    expect(unknown.error?.message).to.equal('No Vanity add-on called vanity-c on myapp. Its Vanity add-ons: vanity-a, vanity-b.');
  });

  it('says how to install the add-on when the app has none', async () => {
    stubPlatformApi('myapp', [otherAddon('pg-1', 'heroku-postgresql', ['DATABASE_URL'])]);
    const { error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error?.message).to.equal('Vanity is not installed on myapp. Install it with `heroku addons:create vanity -a myapp`.');
    expect(ux.action.running).to.equal(false);
  });

  it('reports what the add-ons say first: a failed config-vars call does not hide "not installed"', async () => {
    nock(PLATFORM_API)
      .get('/apps/myapp/addons')
      .reply(200, [otherAddon('pg-1', 'heroku-postgresql', ['DATABASE_URL'])])
      .get('/apps/myapp/config-vars')
      .reply(403, { id: 'forbidden', message: 'You do not have access to the app myapp.' });
    const { error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error?.message).to.equal('Vanity is not installed on myapp. Install it with `heroku addons:create vanity -a myapp`.');
  });

  it('suggests the add-on was re-created when Vanity rejects the credential', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    nock('https://vanity.test').get('/api/counts').reply(401, { message: 'bad credentials' });
    const { error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error?.message).to.include('Vanity rejected the credential in VANITY_URL');
    expect(error?.message).to.include('re-created');
    expect(error?.message).to.include('heroku config:get VANITY_URL -a myapp');
    expect(ux.action.running).to.equal(false);
  });

  it('says the server is unreachable, without printing the credential', async () => {
    const port = await freePort();
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL: `http://u:s3cret-key@127.0.0.1:${port}/api` });
    const { error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error?.message).to.include(`Could not reach Vanity at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(error?.message).not.to.include('s3cret-key');
    expect(ux.action.running).to.equal(false);
  });

  it('shows the server\'s message for a parameter it refuses', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    nock('https://vanity.test').get('/api/counts').query(true).reply(400, { message: 'since: must be before until' });
    const { error } = await run(['vanity:counts', '-a', 'myapp', '--since', '1h', '--until', '2h']);
    expect(error?.message).to.equal('Vanity: since: must be before until');
  });

  for (const [flag, value, message] of [
    ['--since', 'yesterday', 'Parsing --since \n\tExpected an ISO 8601 time'],
    ['--until', '2026-13-45', 'Parsing --until \n\tExpected an ISO 8601 time'],
    ['--tz', 'Mars/Olympus', 'Parsing --tz \n\t"Mars/Olympus" is not an IANA time zone name like UTC, Europe/Berlin or Asia/Kolkata'],
    ['--interval', 'week', 'Expected --interval=week to be one of: minute, hour, day'],
    ['--compare', 'month', 'Expected --compare=month to be one of: previous, week, year'],
  ]) {
    it(`rejects ${flag} ${value} before any request`, async () => {
      const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
      const { error } = await run(['vanity:counts', '-a', 'myapp', flag!, value!]);
      expect(error?.message).to.include(message);
      expect(platform.pendingMocks()).to.have.length(2);
    });
  }

  it('refuses --watch when the output is not a terminal', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const { error } = await run(['vanity:counts', '-a', 'myapp', '--watch']);
    expect(error?.message).to.include('--watch redraws the screen, so it needs a terminal');
    expect(platform.pendingMocks()).to.have.length(2);
  });

  it('with VANITY_URL in the environment, reads it and skips the Platform API (local development)', async () => {
    process.env.VANITY_URL = VANITY_URL;
    const vanity = fakeVanity();
    const { stdout, error } = await run(['vanity:counts']);
    expect(error).to.equal(undefined);
    expect(vanity.isDone()).to.equal(true);
    expect(stdout).to.include('=== myapp-vanity Requests');
  });

  it('warns that VANITY_URL in the environment wins over the app named with -a', async () => {
    process.env.VANITY_URL = VANITY_URL;
    fakeVanity();
    const { stderr, error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(unwrapped(stderr)).to.include("Reading VANITY_URL from your environment, not myapp's config vars");
  });

  it('says what a VANITY_URL should look like when it is not a URL with a credential', async () => {
    for (const url of ['not a url', 'https://vanity.test/api']) {
      process.env.VANITY_URL = url;
      const { error } = await run(['vanity:counts']);
      expect(error?.message).to.match(/^VANITY_URL in your environment (is not a URL|has no credential in it); it should look like https:\/\/<id>:<key>@<host>\/api\.$/);
    }
  });

  it('needs an app when there is no VANITY_URL in the environment', async () => {
    const { error } = await run(['vanity:counts']);
    expect(error?.message).to.include('Missing required flag app');
  });
  it('marks the releases of the range under the sparkline and lists them in the report\'s zone; --json carries them as the API sent them', async () => {
    const releases = [
      { version: 41, description: 'Deploy 3f2a1b', status: 'succeeded', released_at: '2026-11-23T01:15:00.000Z' },
      { version: 142, description: 'Set FEATURE_X config vars', status: 'succeeded', released_at: '2026-11-23T06:29:00.000Z' },
    ];
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const vanity = nock('https://vanity.test').get('/api/counts').twice().reply(200, countsReport({ releases }));
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    const lines = stdout.split('\n');
    const below = lines.indexOf('2026-11-23 06:00                            2026-11-23 11:00');
    // 06:45 and 11:59 local (Asia/Kolkata) of 06:00–12:00, over 60 columns: columns 7 and 59.
    expect(lines[below + 1]).to.equal(`${' '.repeat(7)}▲${' '.repeat(51)}▲  releases`);
    expect(lines.slice(-4)).to.deep.equal(['Releases (▲):', '  v41   2026-11-23 06:45  Deploy 3f2a1b', '  v142  2026-11-23 11:59  Set FEATURE_X config vars', '']);

    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const json = await run(['vanity:counts', '-a', 'myapp', '--json']);
    expect((JSON.parse(json.stdout) as { releases: unknown }).releases).to.deep.equal(releases);
    expect(platform.isDone() && vanity.isDone()).to.equal(true);
  });

  it('shows no release line or list when the range has none', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    fakeVanity();
    const { stdout } = await run(['vanity:counts', '-a', 'myapp']);
    expect(stdout).not.to.include('▲');
    expect(stdout).not.to.include('Releases');
  });
});
