import { Command } from '../../lib/heroku-command.js';
import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';
import { fetchReport, titleName } from '../../lib/fetch-report.js';
import { rangeFlags, targetFlags, topFlags } from '../../lib/flags.js';
import { APPROXIMATE_NOTE, countOf, describeRange } from '../../lib/render/format.js';
import { loadHux, printHeader, printJson } from '../../lib/render/print.js';
import { KEY_HEADERS, RANKED, topRows } from '../../lib/render/top-view.js';
import type { TopReport } from '../../contract/api.js';
import type { ParsedFlags } from '../../lib/typed-flags.js';

export default class VanityTop extends Command {
  static override description = 'rank an app\'s HTTP requests by path, status, method, dyno or router error code';

  static override examples = [
    '$ heroku vanity:top -a example-app',
    '$ heroku vanity:top -a example-app --by status --since 7d',
    '$ heroku vanity:top -a example-app --by code --limit 5',
    '$ heroku vanity:top -a example-app --by dyno --json',
  ];

  static override flags = { ...targetFlags, ...topFlags, ...rangeFlags };

  async run(): Promise<void> {
    const { flags }: ParsedFlags<typeof VanityTop> = await this.parse(VanityTop);
    const params = { by: flags.by, limit: flags.limit, since: flags.since, until: flags.until, tz: flags.tz };
    const { target, report } = await fetchReport<TopReport>(this.heroku, flags, 'top', params, RANKED[flags.by]);
    if (flags.json) return printJson(report);
    printHeader(`${color.app(titleName(target))} Requests by ${KEY_HEADERS[report.by].toLowerCase()}`);
    ux.stdout(color.label(`${describeRange(report.since, report.until)} (${report.tz}): ${countOf(report.sum, 'request')}`));
    if (report.approximate) ux.stdout(APPROXIMATE_NOTE);
    if (report.sum === 0) return ux.stdout('No requests in this range.');
    const { table } = await loadHux();
    ux.stdout('');
    table(topRows(report), {
      rank: { header: '#' },
      key: { header: KEY_HEADERS[report.by] },
      count: { header: 'Requests' },
      share: { header: 'Share' },
      bar: { header: ' ' },
    });
  }
}
