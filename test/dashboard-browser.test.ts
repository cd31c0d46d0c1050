import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { autoSubmitPage, signedSsoFields } from '../server/src/sso/sso-form.js';
import { freePort } from '../server/test/support/free-port.js';
import { deliverRelease } from './support/local-resource.js';
import { logplexBodies, lostLinesBody, sampleTraffic } from './support/sample-traffic.js';
import type { DrainBody, SampleRequest } from './support/sample-traffic.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const SALT = 'browser-test-salt';
const SERVER_SECRET = 'browser-test-server-secret';
/** A deploy half an hour before the test: a marker on the 24-hour chart. */
const RELEASED_AT = new Date(Date.now() - 30 * 60_000);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
/** Lines Logplex reports dropped (L10) in the fed batch. */
const LOST_LINES = 3;

const format = (n: number) => n.toLocaleString('en-US');

function countSince(requests: readonly SampleRequest[], since: DateTime): number {
  return requests.filter((r) => r.at.getTime() >= since.toMillis()).length;
}

describe('the dashboard in a real browser (headless Chromium)', function () {
  let server: SpawnedServer;
  let browser: Browser;
  let resourceId: string;
  let fed: SampleRequest[];
  let drainUrl: URL;

  /** POSTs one body to the drain as Logplex would; 204 means counted. */
  async function drain({ body, count }: DrainBody, frameId: string): Promise<void> {
    const res = await fetch(new URL(drainUrl.pathname, server.url), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${drainUrl.username}:${decodeURIComponent(drainUrl.password)}`).toString('base64')}`,
        'content-type': 'application/logplex-1',
        'logplex-msg-count': String(count),
        'logplex-frame-id': frameId,
        'logplex-drain-token': `d.${resourceId}`,
      },
      body,
    });
    expect(res.status, await res.text()).to.equal(204);
  }

  before(async () => {
    const port = await freePort();
    server = await spawnServer({
      PORT: String(port),
      VANITY_BASE_URL: `http://127.0.0.1:${port}`,
      VANITY_SSO_SALT: SALT,
      VANITY_SECRET: SERVER_SECRET,
      VANITY_LOG_REQUESTS: 'false',
    });
    resourceId = randomUUID();
    const manifestAuth = `Basic ${Buffer.from('vanity:dev-only-password-0b9e3c1f5a7d2e48').toString('base64')}`;
    const provisioned = await fetch(`${server.url}/heroku/resources`, {
      method: 'POST',
      headers: { authorization: manifestAuth, 'content-type': 'application/json' },
      body: JSON.stringify({
        uuid: resourceId,
        name: 'acme-shop-vanity',
        plan: 'hobby',
        region: 'amazon-web-services::us-east-1',
        log_drain_token: `d.${resourceId}`,
      }),
    });
    expect(provisioned.status).to.equal(200);
    drainUrl = new URL(((await provisioned.json()) as { log_drain_url: string }).log_drain_url);

    fed = sampleTraffic(new Date());
    const bodies = [...logplexBodies(fed), lostLinesBody(LOST_LINES)];
    for (const [i, body] of bodies.entries()) await drain(body, `browser-test-${i}`);
    await deliverRelease(server, SERVER_SECRET, resourceId, { version: 42, description: 'Deploy 3f2a1b', at: RELEASED_AT });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.kill();
  });

  /** What Heroku does when the user clicks Vanity: an auto-submitting form to sso_url. */
  async function openFromHeroku(page: Page): Promise<void> {
    const fields = signedSsoFields({
      resourceId,
      salt: SALT,
      nowSeconds: Math.floor(Date.now() / 1000),
      email: 'jane@acme.test',
      app: 'acme-shop',
    });
    await page.setContent(autoSubmitPage(`${server.url}/sso/login`, fields).markup);
  }

  const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

  it('signs on, shows what was fed in the browser\'s time zone, switches zone, and looks right', async () => {
    const context = await browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await openFromHeroku(page);
    // The script sets the browser's zone on first load.
    await page.waitForURL(/\/dashboard\/[^?]+\?tz=America%2FNew_York/);

    expect(await text(page, 'app-name')).to.equal('acme-shop');
    expect(await text(page, 'email')).to.equal('jane@acme.test');
    expect(await text(page, 'total')).to.equal(format(fed.length));
    expect(await page.locator('.headline').textContent()).to.match(/requests served/);
    expect(await text(page, 'last-30-days')).to.equal(format(fed.length));
    const newYorkMidnight = DateTime.now().setZone('America/New_York').startOf('day');
    expect(await text(page, 'today')).to.equal(format(countSince(fed, newYorkMidnight)));
    expect(await page.locator('#tz').inputValue()).to.equal('America/New_York');
    expect(await text(page, 'lost-lines')).to.equal(String(LOST_LINES));
    // The drain normalised /products/1234 to /products/:id.
    expect(await page.getByTestId('top-paths').textContent()).to.include('/products/:id');

    await page.selectOption('#tz', 'Asia/Tokyo');
    await page.waitForURL(/tz=Asia%2FTokyo/);
    expect(await page.locator('.legend').textContent()).to.include('times in Asia/Tokyo');
    // The deploy: one marker on the chart, its version as the label, the whole of it on hover.
    const marker = page.getByTestId('release-marker');
    expect(await marker.count()).to.equal(1);
    expect(await marker.locator('text').textContent()).to.equal('v42');
    const tokyoTime = DateTime.fromJSDate(RELEASED_AT).setZone('Asia/Tokyo').toFormat('MMM d, HH:mm');
    expect(await marker.locator('title').textContent()).to.equal(`v42 · Deploy 3f2a1b · ${tokyoTime}`);
    expect(await page.locator('.legend').textContent()).to.include('release');
    // The fed traffic passed 1,000 requests: the milestone line shows it once the platform job has recorded it.
    expect(fed.length).to.be.within(1000, 9999);
    expect(await text(page, 'milestones')).to.match(/^(🏆 1,000 requests reached .+ · next: 10,000, [\d,]+ to go|Next milestone at 10,000 requests: [\d,]+ to go\. .+)$/);
    expect(await text(page, 'total')).to.equal(format(fed.length));
    const tokyoMidnight = DateTime.now().setZone('Asia/Tokyo').startOf('day');
    expect(await text(page, 'today')).to.equal(format(countSince(fed, tokyoMidnight)));

    await page.getByRole('link', { name: '30 days by day' }).click();
    await page.waitForURL(/range=30d/);
    expect(await text(page, 'range-sum')).to.equal(format(fed.length));

    await page.getByRole('link', { name: '24 h by hour' }).click();
    await page.waitForURL(/range=24h&/);
    await page.getByRole('button', { name: 'Turn the badge on' }).click();
    await page.waitForURL(/range=24h&tz=Asia%2FTokyo$/);
    const badgeUrl = /\(([^)]+\.svg)\)/.exec((await text(page, 'badge-snippet')) ?? '')?.[1] ?? '';
    expect(badgeUrl).to.match(new RegExp(`^${server.url}/badge/`));
    const badge = await page.request.get(badgeUrl);
    expect(badge.status()).to.equal(200);
    expect(await badge.text()).to.include('requests served');
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`      screenshot: ${screenshot}`);
    await context.close();
  });

  it('is complete with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await openFromHeroku(page);
    await page.getByRole('button', { name: 'Open the Vanity dashboard' }).click();
    await page.waitForURL(/\/dashboard\//);
    expect(await text(page, 'total')).to.equal(format(fed.length));
    expect(await page.locator('.legend').textContent()).to.include('times in UTC');
    expect(await page.locator('svg.chart path.bars').getAttribute('d')).to.match(/^M/);
    await context.close();
  });

  // Last: it feeds more requests than the tests above expect.
  it('updates itself without a reload: the headline total, the current minute and the chart\'s last bar', async () => {
    const context = await browser.newContext({ timezoneId: 'UTC' });
    const page = await context.newPage();
    await openFromHeroku(page);
    await page.waitForURL(/\/dashboard\//);
    await page.getByRole('link', { name: '24 h by minute' }).click();
    await page.waitForURL(/range=24h-minute/);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    const before = Number((await text(page, 'total'))?.replace(/,/g, ''));
    const minuteBefore = Number(await text(page, 'current-bucket'));
    const lastBar = () => page.locator('svg.chart path.bars').getAttribute('d');
    const barsBefore = await lastBar();
    expect(await page.locator('.js-shown').first().isVisible()).to.equal(true);

    const bucketBefore = await text(page, 'current-bucket-time');
    // Three new requests, stamped now: in the current minute, so in the chart's last bar.
    const now = new Date();
    await drain(logplexBodies(sampleTraffic(now, 7).slice(0, 3).map((r) => ({ ...r, at: now })))[0] as DrainBody, 'browser-live-1');
    // Waits on the page's own state: the headline as the poll rewrote it.
    await page.locator('[data-testid="total"]', { hasText: new RegExp(`^${format(before + 3)}$`) }).waitFor({ timeout: 20_000 });
    expect(navigations).to.deep.equal([]);
    // One read of the figures one poll wrote (no poll can run while this evaluates).
    const [total, minute, count] = await page.evaluate(
      (ids) =>
        ids.map(
          (id) =>
            (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
              `[data-testid="${id}"]`,
            )?.textContent ?? '',
        ),
      ['total', 'current-bucket-time', 'current-bucket'],
    );
    const shown = { total, minute, count: Number(count) };
    expect(shown.total).to.equal(format(before + 3));
    // The current minute holds the three if it is theirs (with what it had before, if it is still the same
    // minute); if the minute has turned since, it may be a later one without them. The traffic fed before
    // ended over a minute ago, so no other request is in a minute that began after the page loaded.
    const requestMinute = now.toISOString().slice(11, 16);
    const expected = shown.minute !== requestMinute ? 0 : shown.minute === bucketBefore ? minuteBefore + 3 : 3;
    expect(shown.count).to.equal(expected);
    expect(await lastBar()).to.not.equal(barsBefore);

    // A hidden tab stops polling; showing it again refreshes at once and polls again.
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        const doc = (globalThis as unknown as { document: { dispatchEvent(e: unknown): boolean } }).document;
        Object.defineProperty(doc, 'visibilityState', { configurable: true, value });
        doc.dispatchEvent(new Event('visibilitychange'));
      }, state);
    const polling = (state: string) => page.locator(`[data-live][data-polling="${state}"]`).waitFor({ state: 'attached' });
    await setVisibility('hidden');
    await polling('off');
    const refreshed = page.waitForRequest((request) => request.url().includes('/live?'));
    await setVisibility('visible');
    await refreshed;
    await polling('on');
    await context.close();
  });
});
