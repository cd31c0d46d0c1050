import { expect } from 'chai';
import nock from 'nock';
import { isolateNetwork, restoreNetwork, stubPlatformApi, vanityAddon } from '../../support/platform-api.js';
import { run } from '../../support/run.js';

const VANITY_URL = 'https://0123-uuid:s3cret-key@vanity.test/api';
const ID = '5b0c3f0e-8a43-4c1e-9d53-1f2a3b4c5d6e';

const rule = {
  id: ID,
  kind: 'error_rate',
  window_minutes: 5,
  threshold_percent: 10,
  min_requests: 20,
  channels: [{ type: 'webhook', url: 'https://hooks.example.com/T0/B0' }, { type: 'email', to: ['ops@example.com'] }],
  description: 'error rate ≥ 10 % over 5 min (at least 20 requests)',
  state: 'firing',
  created_at: '2026-11-23T10:00:00.000Z',
  webhook_secret: 'whsec_abc',
};

const vanity = () => nock('https://vanity.test', { reqheaders: { authorization: `Basic ${Buffer.from('0123-uuid:s3cret-key').toString('base64')}` } });

describe('heroku vanity:alerts, vanity:alerts:add, vanity:alerts:remove (Platform API and Vanity faked with nock)', () => {
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  it('lists the rules with their state and channels, and when one last fired', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const api = vanity()
      .get('/api/alerts')
      .reply(200, { limit: 2, rules: [rule], history: [{ rule_id: ID, fired_at: '2026-11-23T10:02:05.000Z', fired_value: 30, resolved_at: null, resolved_value: null }] });
    const { stdout, error } = await run(['vanity:alerts', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(platform.isDone() && api.isDone()).to.equal(true);
    const lines = stdout.split('\n').map((line) => line.trimEnd());
    expect(lines.slice(0, 3)).to.deep.equal(['=== myapp Alerts', '', '1 of 2 rules the plan allows']);
    const row = lines.find((line) => line.includes(ID))?.trim().split(/\s{2,}/);
    expect(row).to.deep.equal([ID, 'firing', 'error rate ≥ 10 % over 5 min (at least 20 requests)', 'webhook hooks.example.com, e-mail ops@example.com']);
    expect(lines.filter(Boolean).at(-1)).to.equal('Last fired 2026-11-23 10:02 UTC (value 30), still firing.');
  });

  it('says how to add one when there are none; --json prints the API\'s JSON', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const empty = { limit: 2, rules: [], history: [] };
    vanity().get('/api/alerts').twice().reply(200, empty);
    const { stdout } = await run(['vanity:alerts', '-a', 'myapp']);
    expect(stdout).to.equal(
      '=== myapp Alerts\n\n0 of 2 rules the plan allows\nNo alert rules yet. Add one: heroku vanity:alerts:add --kind error_rate --threshold-percent 10 --webhook https://…\n',
    );
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const json = await run(['vanity:alerts', '-a', 'myapp', '--json']);
    expect(JSON.parse(json.stdout)).to.deep.equal(empty);
    expect(platform.isDone()).to.equal(true);
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it('adds a rule with the flags as the API\'s fields and prints it, with the webhook signing secret', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const api = vanity()
      .post('/api/alerts', {
        kind: 'error_rate',
        threshold_percent: 10,
        window_minutes: 5,
        min_requests: 20,
        channels: [{ type: 'webhook', url: 'https://hooks.example.com/T0/B0' }, { type: 'email', to: ['ops@example.com'] }],
      })
      .reply(201, { ...rule, state: 'ok' });
    const argv = ['vanity:alerts:add', '-a', 'myapp', '--kind', 'error_rate', '--threshold-percent', '10', '--window', '5', '--min-requests', '20'];
    const { stdout, error } = await run([...argv, '--webhook', 'https://hooks.example.com/T0/B0', '--email', 'ops@example.com']);
    expect(error).to.equal(undefined);
    expect(api.isDone()).to.equal(true);
    expect(stdout).to.equal(
      `Added alert ${ID}: error rate ≥ 10 % over 5 min (at least 20 requests)\n` +
        'Tells: webhook hooks.example.com, e-mail ops@example.com\n' +
        'Webhook signing secret (verify the Vanity-Signature header with it): whsec_abc\n',
    );
  });

  it('adds with --json, several e-mail addresses and the app log', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const created = { ...rule, kind: 'router_error', code: 'H12', threshold_count: 3, channels: [{ type: 'email', to: ['a@example.com', 'b@example.com'] }, { type: 'app_log' }] };
    vanity()
      .post('/api/alerts', { kind: 'router_error', code: 'H12', threshold_count: 3, channels: created.channels })
      .reply(201, created);
    const { stdout } = await run(['vanity:alerts:add', '-a', 'myapp', '--kind', 'router_error', '--code', 'H12', '--threshold-count', '3', '--email', 'a@example.com', '--email', 'b@example.com', '--app-log', '--json']);
    expect(JSON.parse(stdout)).to.deep.equal(created);
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it('shows the server\'s reason for a refused rule, naming the field', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    vanity().post('/api/alerts').reply(422, { message: 'threshold_percent: must be above 0 and at most 100' });
    const { error } = await run(['vanity:alerts:add', '-a', 'myapp', '--kind', 'error_rate', '--threshold-percent', '150', '--app-log']);
    expect(error?.message).to.equal('Vanity: threshold_percent: must be above 0 and at most 100');
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  for (const [argv, message] of [
    [['--kind', 'error_rate', '--threshold-percent', '10'], /Say whom to tell: --webhook URL, --email ADDRESS or --app-log/],
    [['--kind', 'latency', '--app-log'], /Expected --kind=latency to be one of: error_rate, router_error, traffic_anomaly, lost_lines/],
    [['--kind', 'error_rate', '--threshold-percent', 'ten', '--app-log'], /--threshold-percent must be a number/],
    [['--kind', 'error_rate', '--window', '61', '--app-log'], /--window/],
  ] as const) {
    it(`refuses ${argv.join(' ')} before any request`, async () => {
      const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
      const { error } = await run(['vanity:alerts:add', '-a', 'myapp', ...argv]);
      expect(error?.message).to.match(message);
      expect(platform.pendingMocks()).to.have.length(2);
    });
  }

  it('removes a rule by id; --json says so as JSON; an unknown id is the server\'s 404', async () => {
    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    vanity().delete(`/api/alerts/${ID}`).reply(204);
    const { stdout } = await run(['vanity:alerts:remove', ID, '-a', 'myapp']);
    expect(stdout).to.equal(`Removed alert ${ID}.\n`);

    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    vanity().delete(`/api/alerts/${ID}`).reply(204);
    const json = await run(['vanity:alerts:remove', ID, '-a', 'myapp', '--json']);
    expect(JSON.parse(json.stdout)).to.deep.equal({ id: ID, removed: true });

    stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    vanity().delete('/api/alerts/nope').reply(404, { message: 'id: this add-on has no alert rule nope' });
    const missing = await run(['vanity:alerts:remove', 'nope', '-a', 'myapp']);
    expect(missing.error?.message).to.equal('Vanity: id: this add-on has no alert rule nope');
    expect(nock.pendingMocks()).to.deep.equal([]);
  });
});
