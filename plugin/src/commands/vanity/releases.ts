import { Command, flags } from '../../lib/heroku-command.js';
import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';
import { titleName, withVanity } from '../../lib/fetch-report.js';
import { checkTimeFlag, rangeFlags, targetFlags } from '../../lib/flags.js';
import { countOf, describeRange } from '../../lib/render/format.js';
import { loadHux, printHeader, printJson } from '../../lib/render/print.js';
import { NO_RELEASES, RELEASES_APPROXIMATE_NOTE, releaseRows } from '../../lib/render/releases-view.js';
import type { Releases } from '../../contract/api.js';
import type { ParsedFlags } from '../../lib/typed-flags.js';
import { requestVanityJson } from '../../lib/vanity-client.js';

export default class VanityReleases extends Command {
  static override description = "score an app's deploys: requests, error rate and p95 service time in the hour before and the hour after each release";

  static override examples = [
    '$ heroku vanity:releases -a example-app',
    '$ heroku vanity:releases -a example-app --since 7d',
    '$ heroku vanity:releases -a example-app --since 2026-11-01 --until 2026-12-01 --json',
  ];

  static override flags = {
    ...targetFlags,
    ...rangeFlags,
    since: flags.string({
      description: 'releases from: an ISO 8601 time or a relative time like 24h, 7d, 4w [default: 30d]',
      parse: checkTimeFlag,
    }),
  };

  async run(): Promise<void> {
    const { flags }: ParsedFlags<typeof VanityReleases> = await this.parse(VanityReleases);
    const params = { since: flags.since, until: flags.until, tz: flags.tz };
    const { target, report } = await withVanity(this.heroku, flags, 'Fetching releases', (t) => requestVanityJson<Releases>(t, 'GET', 'releases', { params }));
    if (flags.json) return printJson(report);
    printHeader(`${color.app(titleName(target))} Deploy scorecard`);
    ux.stdout(color.label(`${describeRange(report.since, report.until)} (UTC): ${countOf(report.releases.length, 'release')}`));
    if (report.releases.length === 0) return ux.stdout(NO_RELEASES[report.tracking]);
    ux.stdout('Each figure: the hour before the release → the hour after it (so far, for a release less than an hour old).');
    const { table } = await loadHux();
    ux.stdout('');
    table(releaseRows(report.releases), {
      version: { header: 'Release' },
      released: { header: 'Released' },
      requests: { header: 'Requests' },
      errorRate: { header: 'Error rate' },
      p95: { header: 'p95' },
      description: { header: 'Description' },
    });
    if (report.releases.some((r) => r.approximate)) ux.stdout(RELEASES_APPROXIMATE_NOTE);
  }
}
