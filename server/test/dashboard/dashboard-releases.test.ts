import { expect } from 'chai';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';
import { testIdText } from '../support/html-text.js';
import { milestonesLine } from '../../src/dashboard/milestones-line.js';

const NOW = '2026-11-24T12:00:00Z';
const at = (iso: string) => Date.parse(iso) / 1000;

/** The visible text of an element with this data-testid, tags dropped and white space folded. */
function textOf(page: string, testId: string): string {
  const element = new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</(p|details)>`).exec(page)?.[1] ?? '';
  return element.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
}

const markerTitles = (svg: string) => [...svg.matchAll(/data-testid="release-marker"><title>([^<]*)<\/title>/g)].map((m) => m[1]);

describe('dashboard: release markers and milestones', () => {
  let fx: ApiFixture;
  before(async () => {
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT });
  });
  after(() => fx.server.stop());

  async function open(id: string, query = '') {
    const cookie = await signIn(fx.server, id, Date.parse(NOW));
    const page = await (await getPage(fx.server, `/dashboard/${id}${query}`, cookie)).text();
    const live = (await (await getPage(fx.server, `/dashboard/${id}/live${query}`, cookie)).json()) as { chart: string };
    return { page, live };
  }

  it('marks each release of the range on the chart, names it on hover, in the legend and in a list under the chart', async () => {
    const { id, resource } = await fx.addResource();
    await fx.server.store.recordRelease(resource.seq, { eventId: 'e-41', version: 41, description: 'Deploy 3f2a1b', status: 'succeeded', releasedAt: at('2026-11-24T10:15:30Z') }, at(NOW));
    await fx.server.store.recordRelease(resource.seq, { eventId: 'e-40', version: 40, description: 'Set FEATURE_X', status: 'succeeded', releasedAt: at('2026-11-20T08:00:00Z') }, at(NOW));

    const day = await open(id, '?tz=UTC');
    expect(markerTitles(day.page)).to.deep.equal(['v41 · Deploy 3f2a1b · Nov 24, 10:15']);
    expect(day.page).to.match(/class="release-label"[^>]*>v41<\/text>/);
    expect(day.page).to.include('<span class="swatch release"></span> release');
    expect(textOf(day.page, 'release-list')).to.equal(
      '1 release in this range v41 Nov 24, 10:15 Deploy 3f2a1b heroku vanity:releases scores each one: requests, error rate and p95 in the hour before and the hour after.',
    );
    // The chart the open page polls carries the markers too.
    expect(markerTitles(day.live.chart)).to.deep.equal(markerTitles(day.page));

    const week = await open(id, '?range=7d&tz=Asia/Tokyo');
    expect(markerTitles(week.page)).to.deep.equal(['v40 · Set FEATURE_X · Nov 20, 17:00', 'v41 · Deploy 3f2a1b · Nov 24, 19:15']);
  });

  it('draws no marker, swatch or list without releases', async () => {
    const { id } = await fx.addResource();
    const { page } = await open(id);
    expect(markerTitles(page)).to.deep.equal([]);
    expect(page).not.to.include('swatch release');
    expect(page).not.to.include('data-testid="release-list"');
  });

  it('shows the latest milestone under the headline, when it was reached, and the next one', async () => {
    const { id, resource } = await fx.addResource();
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T09:00:00Z' }], 600);
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T11:30:00Z' }], 650);
    await fx.server.jobs.runNow();
    const { page } = await open(id, '?tz=Europe/Berlin');
    // No log_input_url at this provision: the milestone is recorded, with no line to write.
    expect(textOf(page, 'milestones')).to.equal('🏆 1,000 requests reached Nov 24 2026, 12:30 · next: 10,000, 8,750 to go');
    expect(testIdText(page, 'total')).to.equal('1,250');
  });

  it('before the first milestone, says how far it is', async () => {
    const { id, resource } = await fx.addResource();
    await seedRequests(fx.server.store, resource, [{ at: '2026-11-24T11:00:00Z' }], 766);
    const { page } = await open(id);
    expect(textOf(page, 'milestones')).to.equal("First milestone at 1,000 requests: 234 to go. Vanity writes a line into your app's log when it is reached.");
  });
});

describe('dashboard: the milestones line', () => {
  const line = (...args: Parameters<typeof milestonesLine>) => milestonesLine(...args).markup.replace(/<[^>]+>/g, '').replaceAll('&#39;', "'");

  it('past 1,000 before the platform job recorded it (it runs every few seconds), names the next milestone, not a "first" one', () => {
    expect(line([], 2500, 'UTC')).to.equal("Next milestone at 10,000 requests: 7,500 to go. Vanity writes a line into your app's log when it is reached.");
  });

  it('says whether the latest one reached the app\'s log, and lists every one on hover', () => {
    const milestones = [
      { value: 1000, reached_at: '2026-11-01T10:02:00.000Z', log_line: 'sent' as const },
      { value: 10_000, reached_at: '2026-11-20T08:00:00.000Z', log_line: 'failed' as const },
    ];
    const markup = milestonesLine(milestones, 12_345, 'UTC').markup;
    expect(line(milestones, 12_345, 'UTC')).to.equal("🏆 10,000 requests reached Nov 20 2026, 08:00 · could not be written to your app's log · next: 100,000, 87,655 to go");
    expect(markup).to.include('title="1,000: Nov 1 2026, 10:02\n10,000: Nov 20 2026, 08:00"');
  });
});
