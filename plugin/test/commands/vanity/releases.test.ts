import { expect } from 'chai';
import nock from 'nock';
import type { Releases } from '../../../src/contract/api.js';
import { isolateNetwork, restoreNetwork, stubPlatformApi, vanityAddon } from '../../support/platform-api.js';
import { run } from '../../support/run.js';

const VANITY_URL = 'https://0123-uuid:s3cret-key@vanity.test/api';

const vanity = () => nock('https://vanity.test', { reqheaders: { authorization: `Basic ${Buffer.from('0123-uuid:s3cret-key').toString('base64')}` } });

function scorecard(overrides: Partial<Releases> = {}): Releases {
  return {
    since: '2026-10-25T00:00:00.000Z',
    until: '2026-11-25T00:00:00.000Z',
    tracking: 'subscribed',
    releases: [
      {
        version: 41,
        description: 'Deploy 3f2a1b',
        status: 'succeeded',
        released_at: '2026-11-23T08:15:30.000Z',
        before: { requests: 1200, errors: 6, error_rate: 0.005, p95_ms: 200 },
        after: { requests: 1350, errors: 27, error_rate: 0.02, p95_ms: 500 },
        approximate: false,
      },
      {
        version: 42,
        description: 'Set FEATURE_X config vars',
        status: 'succeeded',
        released_at: '2026-11-24T10:00:00.000Z',
        before: { requests: 0, errors: 0, error_rate: null, p95_ms: null },
        after: { requests: 3, errors: 0, error_rate: 0, p95_ms: 20 },
        approximate: true,
      },
    ],
    ...overrides,
  };
}

/** Table lines, trailing blanks trimmed. */
const lines = (stdout: string) => stdout.split('\n').map((line) => line.trimEnd());
const cells = (line: string | undefined) => (line ?? '').trim().split(/\s{2,}/);

describe('heroku vanity:releases (Platform API and Vanity faked with nock)', () => {
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  it('scores each release: requests, error rate and p95 in the hour before → the hour after', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const api = vanity().get('/api/releases').reply(200, scorecard());
    const { stdout, error } = await run(['vanity:releases', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(platform.isDone() && api.isDone()).to.equal(true);
    const out = lines(stdout);
    expect(out.slice(0, 4)).to.deep.equal([
      '=== myapp Deploy scorecard',
      '',
      '2026-10-25 00:00 – 2026-11-25 00:00 (UTC): 2 releases',
      'Each figure: the hour before the release → the hour after it (so far, for a release less than an hour old).',
    ]);
    expect(cells(out.find((l) => l.trim().startsWith('Release ')))).to.deep.equal(['Release', 'Released', 'Requests', 'Error rate', 'p95', 'Description']);
    expect(cells(out.find((l) => l.trim().startsWith('v41')))).to.deep.equal(['v41', '2026-11-23 08:15 UTC', '1,200 → 1,350', '0.5% → 2.0%', '200 ms → 500 ms', 'Deploy 3f2a1b']);
    expect(cells(out.find((l) => l.trim().startsWith('v42')))).to.deep.equal(['v42', '2026-11-24 10:00 UTC', '0 → 3', '– → 0.0%', '– → 20 ms', 'Set FEATURE_X config vars']);
    expect(out.filter(Boolean).at(-1)).to.equal(
      '(p95 approximate: service times are kept per hour; for a release that is not on the hour, the hour it happened in counts as after)',
    );
  });

  it('passes --since, --until and --tz, and --json prints the API\'s JSON unchanged', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const report = scorecard();
    const api = vanity().get('/api/releases').query({ since: '7d', until: '2026-11-24T12:00Z', tz: 'Europe/Berlin' }).reply(200, report);
    const { stdout, error } = await run(['vanity:releases', '-a', 'myapp', '--since', '7d', '--until', '2026-11-24T12:00Z', '--tz', 'Europe/Berlin', '--json']);
    expect(error).to.equal(undefined);
    expect(api.isDone()).to.equal(true);
    expect(JSON.parse(stdout)).to.deep.equal(report);
  });

  const empty: Array<[Releases['tracking'], string]> = [
    ['subscribed', 'No releases in this range. Deploy the app and its release shows here, with the hour before and the hour after.'],
    ['pending', "No releases yet: Vanity is still setting up its subscription to this app's releases with Heroku. Releases from then on show here."],
    ['failed', "No releases yet: Heroku refused Vanity's subscription to this app's releases; Vanity tries again every 5 minutes."],
    [
      'no_token',
      'No releases: this add-on has no Platform API token, so Heroku does not tell Vanity about deploys (it was provisioned without an OAuth grant, or the grant could not be exchanged).',
    ],
  ];
  for (const [tracking, message] of empty) {
    it(`without releases says why (${tracking})`, async () => {
      const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
      const api = vanity().get('/api/releases').reply(200, scorecard({ tracking, releases: [] }));
      const { stdout } = await run(['vanity:releases', '-a', 'myapp']);
      expect(platform.isDone() && api.isDone()).to.equal(true);
      expect(stdout).to.equal(`=== myapp Deploy scorecard\n\n2026-10-25 00:00 – 2026-11-25 00:00 (UTC): 0 releases\n${message}\n`);
    });
  }

  it('rejects a bad --since before any request', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const { error } = await run(['vanity:releases', '-a', 'myapp', '--since', '30 days']);
    expect(error?.message).to.match(/--since/);
    expect(platform.pendingMocks()).to.have.length(2);
  });
});
