import { expect } from 'chai';
import { provision } from '../support/provider-client.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

describe('alerts on the dashboard (behind SSO, CSRF-protected forms)', () => {
  let server: TestServer;
  let id: string;
  let cookie: string;
  let csrf: string;

  before(async () => {
    server = await startTestServer({ VANITY_SSO_SALT: TEST_SSO_SALT, SMTP_URL: 'smtp://127.0.0.1:2525' });
  });
  after(() => server.stop());
  beforeEach(async () => {
    id = (await provision(server)).id;
    cookie = await signIn(server, id);
    csrf = /name="csrf" value="([^"]+)"/.exec(await page())?.[1] ?? '';
  });

  async function page(withCookie = cookie): Promise<string> {
    return (await getPage(server, `/dashboard/${id}`, withCookie)).text();
  }

  const post = (path: string, form: Record<string, string>, target = id, withCookie = cookie) =>
    fetch(`${server.url}/dashboard/${target}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: withCookie },
      body: new URLSearchParams(form).toString(),
    });

  const errorRateForm = () => ({
    csrf,
    range: '7d',
    tz: 'Europe/Berlin',
    kind: 'error_rate',
    threshold_percent: '10',
    window_minutes: '5',
    min_requests: '',
    code: '',
    threshold_count: '',
    direction: 'below',
    min_baseline_requests: '',
    webhook_url: 'http://127.0.0.1:4000/hook',
    email_to: 'ops@example.com, dev@example.com',
    app_log: 'on',
  });

  it('shows the form, adds a rule from it with every channel, lists it, and removes it', async () => {
    const before = await page();
    expect(before).to.include('No alerts yet.');
    expect(before).to.include('data-testid="alert-form"');
    expect(before).to.include('name="email_to"');

    const added = await post('/alerts', errorRateForm());
    expect(added.status).to.equal(303);
    expect(added.headers.get('location')).to.equal(`/dashboard/${id}?range=7d&tz=Europe%2FBerlin#alerts`);
    const [rule] = await server.store.listAlertRules((await server.store.getResource(id))?.seq);
    expect(rule?.params).to.deep.equal({ kind: 'error_rate', window_minutes: 5, threshold_percent: 10, min_requests: 20 });
    expect(rule?.channels).to.deep.equal([
      { type: 'webhook', url: 'http://127.0.0.1:4000/hook' },
      { type: 'email', to: ['ops@example.com', 'dev@example.com'] },
      { type: 'app_log' },
    ]);
    const listed = await page();
    expect(listed).to.include('error rate ≥ 10 % over 5 min (at least 20 requests)');
    expect(listed).to.include('webhook 127.0.0.1:4000 · e-mail ops@example.com, dev@example.com · app log');
    expect(listed).to.match(/signing secret <code>whsec_[A-Za-z0-9_-]{43}<\/code>/);

    const removed = await post(`/alerts/${rule?.id ?? ''}/delete`, { csrf, range: '24h' });
    expect(removed.status).to.equal(303);
    expect(await page()).to.include('No alerts yet.');
  });

  it('shows a refused rule again with the reason naming the field and what was typed (422)', async () => {
    const refused = await post('/alerts', { ...errorRateForm(), threshold_percent: '150' });
    expect(refused.status).to.equal(422);
    const html = await refused.text();
    expect(html).to.include('data-testid="alert-error">threshold_percent: must be above 0 and at most 100</p>');
    expect(html).to.include('value="150"');
    expect(html).to.include('value="ops@example.com, dev@example.com"');
    const noChannel = await post('/alerts', { ...errorRateForm(), webhook_url: '', email_to: '', app_log: '' });
    expect(await noChannel.text()).to.include('channels: one or more channels');
    expect(await server.store.listAlertRules()).to.deep.equal([]);
  });

  it('refuses a form without the session\'s CSRF token, and a session for another add-on', async () => {
    expect((await post('/alerts', { ...errorRateForm(), csrf: 'forged' })).status).to.equal(403);
    expect((await post('/alerts', { ...errorRateForm(), csrf: '' })).status).to.equal(403);
    const other = (await provision(server)).id;
    expect((await post('/alerts', errorRateForm(), other)).status).to.equal(403);
    expect((await post('/alerts', errorRateForm(), id, '')).status).to.equal(401);
    expect(await server.store.listAlertRules()).to.deep.equal([]);
  });

  it('says when the plan\'s limit is reached instead of showing the form', async () => {
    for (let i = 0; i < 2; i++) expect((await post('/alerts', errorRateForm())).status).to.equal(303);
    const full = await page();
    expect(full).not.to.include('data-testid="alert-form"');
    expect(full).to.include('Your plan allows 2 alert rules. Remove one to add another, or upgrade: heroku addons:upgrade vanity:pro.');
  });
});
