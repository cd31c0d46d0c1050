import type { ReleaseScore, ReleaseTracking, ReleaseWindow } from '../../contract/api.js';
import { formatCount, formatShare } from './format.js';
import { utcMinute } from './alerts-view.js';

export interface ReleaseRow extends Record<string, unknown> {
  version: string;
  released: string;
  requests: string;
  errorRate: string;
  p95: string;
  description: string;
}

const NONE = '–';

function errorRate(window: ReleaseWindow): string {
  return window.requests > 0 ? formatShare(window.errors, window.requests) : NONE;
}

function p95(window: ReleaseWindow): string {
  return window.p95_ms === null ? NONE : `${formatCount(window.p95_ms)} ms`;
}

/** "before → after" of one figure. */
function beforeAfter(score: ReleaseScore, figure: (window: ReleaseWindow) => string): string {
  return `${figure(score.before)} → ${figure(score.after)}`;
}

/** One table row per release, oldest first, as the API lists them. */
export function releaseRows(releases: readonly ReleaseScore[]): ReleaseRow[] {
  return releases.map((score) => ({
    version: `v${score.version}`,
    released: utcMinute(score.released_at),
    requests: beforeAfter(score, (w) => formatCount(w.requests)),
    errorRate: beforeAfter(score, errorRate),
    p95: beforeAfter(score, p95),
    description: score.description,
  }));
}

export const RELEASES_APPROXIMATE_NOTE = '(p95 approximate: service times are kept per hour; for a release that is not on the hour, the hour it happened in counts as after)';

/** Why there is nothing to score, from whether Heroku sends Vanity the app's releases. */
export const NO_RELEASES: Record<ReleaseTracking, string> = {
  subscribed: 'No releases in this range. Deploy the app and its release shows here, with the hour before and the hour after.',
  pending: 'No releases yet: Vanity is still setting up its subscription to this app\'s releases with Heroku. Releases from then on show here.',
  failed: 'No releases yet: Heroku refused Vanity\'s subscription to this app\'s releases; Vanity tries again every 5 minutes.',
  no_token:
    'No releases: this add-on has no Platform API token, so Heroku does not tell Vanity about deploys (it was provisioned without an OAuth grant, or the grant could not be exchanged).',
};
