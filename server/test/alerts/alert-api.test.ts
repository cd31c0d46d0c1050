import { expect } from 'chai';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { apiSend } from '../support/alert-api.js';

const rule = {
  kind: 'error_rate',
  threshold_percent: 10,
  window_minutes: 5,
  min_requests: 20,
  channels: [{ type: 'webhook', url: 'http://127.0.0.1:4000/hook' }],
};

describe('alerts API (GET/POST /alerts, DELETE /alerts/{id})', () => {
  let fixture: ApiFixture;
  let vanityUrl: string;

  beforeEach(async () => {
    fixture = await startApiFixture('2026-11-23T10:00:00Z');
    ({ vanityUrl } = await fixture.addResource());
  });
  afterEach(() => fixture.server.stop());

  it('creates a rule (201 with its id and webhook secret), lists it, deletes it (204), then 404', async () => {
    const created = await apiSend(vanityUrl, 'POST', '/alerts', rule);
    expect(created.status).to.equal(201);
    const id = created.body.id as string;
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    expect(created.body).to.deep.include({
      kind: 'error_rate',
      threshold_percent: 10,
      window_minutes: 5,
      min_requests: 20,
      channels: rule.channels,
      state: 'ok',
      created_at: '2026-11-23T10:00:00.000Z',
      description: 'error rate ≥ 10 % over 5 min (at least 20 requests)',
    });
    expect(created.body.webhook_secret).to.match(/^whsec_[A-Za-z0-9_-]{43}$/);

    const list = await apiSend(vanityUrl, 'GET', '/alerts');
    expect(list.status).to.equal(200);
    expect(list.body).to.deep.equal({ limit: 2, rules: [created.body], history: [] });

    expect((await apiSend(vanityUrl, 'DELETE', `/alerts/${id}`)).status).to.equal(204);
    expect((await apiSend(vanityUrl, 'GET', '/alerts')).body.rules).to.deep.equal([]);
    expect(await apiSend(vanityUrl, 'DELETE', `/alerts/${id}`)).to.deep.equal({ status: 404, body: { message: `id: this add-on has no alert rule ${id}` } });
    expect((await apiSend(vanityUrl, 'DELETE', '/alerts/not-a-uuid')).status).to.equal(404);
  });

  it('creates every kind and channel type, with defaults', async () => {
    const answers = await Promise.all([
      apiSend(vanityUrl, 'POST', '/alerts', { kind: 'router_error', code: 'h12', threshold_count: 5, channels: [{ type: 'app_log' }] }),
      apiSend(vanityUrl, 'POST', '/alerts', { kind: 'lost_lines', channels: [{ type: 'app_log' }] }),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([201, 201]);
    expect(answers[0]?.body).to.deep.include({ kind: 'router_error', code: 'H12', threshold_count: 5, window_minutes: 5 });
    expect(answers[0]?.body).not.to.have.property('webhook_secret');
    expect(answers[1]?.body).to.deep.include({ kind: 'lost_lines', threshold_count: 1, window_minutes: 5 });
  });

  it('keeps to the plan limit (hobby: 2 rules) and says so', async () => {
    for (let i = 0; i < 2; i++) expect((await apiSend(vanityUrl, 'POST', '/alerts', rule)).status).to.equal(201);
    const third = await apiSend(vanityUrl, 'POST', '/alerts', rule);
    expect(third.status).to.equal(422);
    expect(third.body.message).to.match(/^plan: the hobby plan allows 2 alert rules; remove one first or upgrade/);
  });

  const bad: [string, unknown, number, RegExp][] = [
    ['not JSON', '{"kind": ', 400, /^request body is not valid JSON/],
    ['an array', [], 400, /^body: must be a JSON object/],
    ['an unknown kind', { ...rule, kind: 'latency' }, 422, /^kind: must be one of error_rate, router_error, traffic_anomaly, lost_lines/],
    ['a threshold over 100 %', { ...rule, threshold_percent: 150 }, 422, /^threshold_percent: must be above 0 and at most 100/],
    ['a text threshold', { ...rule, threshold_percent: 'ten' }, 422, /^threshold_percent: must be a number/],
    ['no threshold', { ...rule, threshold_percent: undefined }, 422, /^threshold_percent: required/],
    ['a window of 0', { ...rule, window_minutes: 0 }, 422, /^window_minutes: must be a whole number from 1 to 60/],
    ['a field of another kind', { ...rule, code: 'H12' }, 422, /^code: not a field of a error_rate rule/],
    ['no channels', { ...rule, channels: [] }, 422, /^channels: one or more channels/],
    ['an unknown channel', { ...rule, channels: [{ type: 'sms' }] }, 422, /^channels\[0\]\.type: must be one of webhook, email, app_log/],
    ['a webhook without URL', { ...rule, channels: [{ type: 'webhook' }] }, 422, /^channels\[0\]\.url: required/],
    ['a webhook to a private address', { ...rule, channels: [{ type: 'webhook', url: 'http://10.0.0.7/hook' }] }, 422, /^channels\[0\]\.url: 10\.0\.0\.7 is a private address/],
    ['a webhook to the metadata service', { ...rule, channels: [{ type: 'app_log' }, { type: 'webhook', url: 'http://169.254.169.254/latest' }] }, 422, /^channels\[1\]\.url: 169\.254\.169\.254 is a linkLocal address/],
    ['a webhook with credentials', { ...rule, channels: [{ type: 'webhook', url: 'https://u:p@example.com/' }] }, 422, /^channels\[0\]\.url: must not contain a user name/],
    ['a ftp webhook', { ...rule, channels: [{ type: 'webhook', url: 'ftp://example.com/' }] }, 422, /^channels\[0\]\.url: must be an https/],
    ['e-mail without SMTP_URL', { ...rule, channels: [{ type: 'email', to: ['a@example.com'] }] }, 422, /^channels\[0\]\.type: e-mail is not set up on this server \(SMTP_URL\)/],
    ['a bad router code', { kind: 'router_error', code: 'timeout', channels: [{ type: 'app_log' }] }, 422, /^code: a Heroku router error code such as H12/],
    ['an anomaly above 100 % below', { kind: 'traffic_anomaly', direction: 'below', threshold_percent: 150, channels: [{ type: 'app_log' }] }, 422, /^threshold_percent: for direction below/],
    ['an anomaly in no direction', { kind: 'traffic_anomaly', direction: 'sideways', threshold_percent: 50, channels: [{ type: 'app_log' }] }, 422, /^direction: must be below or above/],
  ];
  for (const [what, body, status, message] of bad) {
    it(`refuses ${what} with ${status} naming the field`, async () => {
      const answer = await apiSend(vanityUrl, 'POST', '/alerts', body);
      expect(answer.status).to.equal(status);
      expect(answer.body.message).to.match(message);
      expect((await apiSend(vanityUrl, 'GET', '/alerts')).body.rules).to.deep.equal([]);
    });
  }

  it('needs the API credential, and one add-on never sees or deletes another add-on\'s rules', async () => {
    const other = await fixture.addResource();
    const mine = await apiSend(vanityUrl, 'POST', '/alerts', rule);
    const url = new URL(vanityUrl);
    url.password = 'wrong';
    expect((await apiSend(url.toString(), 'GET', '/alerts')).status).to.equal(401);
    expect((await apiSend(url.toString(), 'POST', '/alerts', rule)).status).to.equal(401);
    expect((await apiSend(other.vanityUrl, 'GET', '/alerts')).body.rules).to.deep.equal([]);
    expect((await apiSend(other.vanityUrl, 'DELETE', `/alerts/${mine.body.id as string}`)).status).to.equal(404);
    expect((await apiSend(vanityUrl, 'GET', '/alerts')).body.rules).to.have.length(1);
  });
});

describe('alerts API in production (webhook SSRF guard without the development loopback exception)', () => {
  let fixture: ApiFixture;

  before(async () => {
    fixture = await startApiFixture('2026-11-23T10:00:00Z', {
      NODE_ENV: 'production',
      VANITY_BASE_URL: 'http://127.0.0.1',
      VANITY_ADDON_PASSWORD: 'prod-password',
      VANITY_SSO_SALT: 'prod-salt',
      VANITY_OAUTH_CLIENT_SECRET: 'prod-oauth-client-secret',
      VANITY_SECRET: 'prod-secret',
    });
  });
  after(() => fixture.server.stop());

  for (const url of ['http://127.0.0.1:4000/hook', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/x', 'http://localhost/hook', 'http://0.0.0.0/', 'http://100.64.1.1/']) {
    it(`refuses ${url}`, async () => {
      const { vanityUrl } = await fixture.addResource();
      const answer = await apiSend(vanityUrl, 'POST', '/alerts', { ...rule, channels: [{ type: 'webhook', url }] });
      expect(answer.status).to.equal(422);
      expect(answer.body.message).to.match(/^channels\[0\]\.url: .*(loopback|unspecified|carrierGradeNat)/);
    });
  }
});
