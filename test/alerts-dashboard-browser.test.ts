import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { autoSubmitPage, signedSsoFields } from '../server/src/sso/sso-form.js';
import { startMailServer } from '../server/test/support/alert-receivers.js';
import type { MailServer } from '../server/test/support/alert-receivers.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const SALT = 'alerts-browser-salt';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('the dashboard\'s alert form in a real browser (headless Chromium)', () => {
  let server: SpawnedServer;
  let mail: MailServer;
  let browser: Browser;
  let resourceId: string;

  before(async () => {
    mail = await startMailServer();
    server = await spawnServer({ VANITY_SSO_SALT: SALT, VANITY_LOG_REQUESTS: 'false', SMTP_URL: mail.url });
    resourceId = randomUUID();
    const auth = `Basic ${Buffer.from('vanity:dev-only-password-0b9e3c1f5a7d2e48').toString('base64')}`;
    const provisioned = await fetch(`${server.url}/heroku/resources`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ uuid: resourceId, name: 'acme-shop-vanity', plan: 'hobby', region: 'us' }),
    });
    expect(provisioned.status).to.equal(200);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.kill();
    await mail?.stop();
  });

  async function openFromHeroku(page: Page): Promise<void> {
    const fields = signedSsoFields({ resourceId, salt: SALT, nowSeconds: Math.floor(Date.now() / 1000), email: 'jane@acme.test', app: 'acme-shop' });
    await page.setContent(autoSubmitPage(`${server.url}/sso/login`, fields).markup);
    await page.waitForURL(/\/dashboard\//);
  }

  it('adds an error-rate rule with a webhook and e-mail, shows a refused one again, and removes it', async () => {
    const context = await browser.newContext({ timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 1200 } });
    const page = await context.newPage();
    await openFromHeroku(page);
    const card = page.locator('#alerts');
    expect(await card.textContent()).to.include('No alerts yet.');

    await page.selectOption('#alert-kind', 'error_rate');
    await page.fill('#alert-threshold_percent', '150');
    await page.fill('#alert-webhook_url', 'http://127.0.0.1:4000/hook');
    await page.fill('#alert-email_to', 'ops@acme.test');
    await page.getByRole('button', { name: 'Add alert' }).click();
    await page.waitForLoadState();
    expect(await page.getByTestId('alert-error').textContent()).to.equal('threshold_percent: must be above 0 and at most 100');
    expect(await page.locator('#alert-email_to').inputValue()).to.equal('ops@acme.test');

    await page.fill('#alert-threshold_percent', '10');
    await page.fill('#alert-window_minutes', '5');
    await page.fill('#alert-min_requests', '20');
    await page.getByRole('button', { name: 'Add alert' }).click();
    await page.waitForURL(/#alerts$/);
    const rule = page.getByTestId('alert-rule');
    expect(await rule.count()).to.equal(1);
    const text = (await rule.textContent()) ?? '';
    expect(text).to.include('error rate ≥ 10 % over 5 min (at least 20 requests)');
    expect(text).to.include('webhook 127.0.0.1:4000 · e-mail ops@acme.test');
    expect(text).to.match(/signing secret whsec_/);
    // The time zone the page had is kept across the form.
    expect(page.url()).to.include('tz=Europe%2FBerlin');
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await card.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'dashboard-alerts.png') });

    await rule.getByRole('button', { name: 'Remove' }).click();
    await page.waitForURL(/#alerts$/);
    expect(await page.getByTestId('alert-rule').count()).to.equal(0);
    expect(await card.textContent()).to.include('No alerts yet.');
    await context.close();
  });
});
