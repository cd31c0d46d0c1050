import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import type { FleetReport } from '../server/src/admin/fleet-report.js';
import { provisionLocal, sendRequests } from './support/local-resource.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const run = promisify(execFile);
const PASSWORD = 'operator-console-password';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const withoutClock = ({ period, processes, ...rest }: FleetReport) => ({ ...rest, period: { from: period.from, to: period.to }, processes: processes.map((p) => p.process_id) });

describe('the operator console in a real browser, and `npm run review` on the same database', function () {
  let server: SpawnedServer;
  let browser: Browser;
  let busiestId: string;
  before(async () => {
    server = await spawnServer({ VANITY_ADMIN_PASSWORD: PASSWORD, VANITY_LOG_REQUESTS: 'false' });
    const busy = await provisionLocal(server);
    const quiet = await provisionLocal(server);
    busiestId = new URL(busy.vanityUrl).username;
    await sendRequests(busy.drainUrl, 40);
    await sendRequests(quiet.drainUrl, 2);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.kill();
  });

  it('signs in with the password form, shows the fleet and one add-on, and saves screenshots', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${server.url}/admin`);
    expect(await page.locator('h1').textContent()).to.equal('Vanity operator console');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${server.url}/admin`), page.click('button[type=submit]')]);
    expect(await page.getByTestId('active').textContent()).to.equal('2');
    expect(await page.getByTestId('requests').textContent()).to.equal('42');
    expect(await page.getByTestId('batches').textContent()).to.equal('2');
    expect(await page.getByTestId('mrr').textContent()).to.equal('$0.00');
    expect(await page.getByTestId('busiest').locator('tbody tr').first().textContent()).to.contain(busiestId);
    expect(await page.locator('svg').count()).to.be.greaterThan(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'admin-console.png'), fullPage: true });

    await page.getByTestId('busiest').locator('a').first().click();
    expect(await page.getByTestId('resource-id').textContent()).to.equal(busiestId);
    expect(await page.getByTestId('total').textContent()).to.equal('40');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-resource.png'), fullPage: true });
    await page.close();
  });

  it('prints the review report, whose JSON equals the console’s report.json', async () => {
    const login = await fetch(`${server.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const consoleReport = (await (await fetch(`${server.url}/admin/report.json`, { headers: { cookie } })).json()) as FleetReport;
    const env = { PATH: process.env.PATH, DATABASE_URL: `sqlite:${join(server.dataDir, 'vanity.sqlite')}` };
    const review = cli(['--json'], env);
    const reviewReport = JSON.parse((await review).stdout) as FleetReport;
    expect(withoutClock(reviewReport)).to.deep.equal(withoutClock(consoleReport));
    expect(reviewReport.traffic.requests).to.equal(42);

    const { stdout } = await cli([], env);
    expect(stdout).to.match(/^Vanity review, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)\n/);
    expect(stdout).to.contain('\n  active add-ons            2 (test 0, hobby 2, pro 0)\n');
    expect(stdout).to.contain('\n  requests                  42\n');
    expect(stdout).to.contain('\n  MRR now                   $0.00\n');

    const bad = await cli(['--since', 'yesterday'], env).catch((error: { code: number; stderr: string }) => error);
    expect(bad).to.include({ code: 1 });
    expect((bad as { stderr: string }).stderr).to.equal('review: --since: expected a UTC day as YYYY-MM-DD, got "yesterday"\n');
  });
});

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, [join(REPO_ROOT, 'server/dist/admin/review-cli.js'), ...args], { env, cwd: REPO_ROOT });
}
