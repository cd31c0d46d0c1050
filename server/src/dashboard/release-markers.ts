import { DateTime } from 'luxon';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import type { ReleaseItem } from '../releases/release-report.js';
import type { ChartMarker } from './series-chart.js';

/** "Nov 24, 11:15" in the page's zone. */
function releasedAt(release: ReleaseItem, tz: string): string {
  return DateTime.fromISO(release.released_at, { zone: tz }).toFormat('MMM d, HH:mm');
}

/** One chart marker per release: "v42" on the line, "v42 · Deploy 3f2a1b · Nov 24, 11:15" on hover. */
export function releaseMarkers(releases: readonly ReleaseItem[], tz: string): ChartMarker[] {
  return releases.map((release) => ({
    at: Date.parse(release.released_at) / 1000,
    label: `v${release.version}`,
    title: [`v${release.version}`, release.description, releasedAt(release, tz)].filter(Boolean).join(' · '),
  }));
}

/** The releases of the range as a list under the chart, for screen readers and for reading the descriptions whole. */
export function releaseList(releases: readonly ReleaseItem[], tz: string): SafeHtml | '' {
  if (releases.length === 0) return '';
  return html`<details class="release-list" data-testid="release-list">
<summary>${releases.length === 1 ? '1 release' : `${releases.length} releases`} in this range</summary>
<ul>
${releases.map((r) => html`<li><strong>v${r.version}</strong> <span class="subtle">${releasedAt(r, tz)}</span> ${r.description}</li>`)}
</ul>
<p class="subtle"><code>heroku vanity:releases</code> scores each one: requests, error rate and p95 in the hour before and the hour after.</p>
</details>`;
}
