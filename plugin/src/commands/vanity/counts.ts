import { Command, flags } from '../../lib/heroku-command.js';
import { fetchReport, titleName } from '../../lib/fetch-report.js';
import { compareFlag, intervalFlag, rangeFlags, targetFlags } from '../../lib/flags.js';
import { printCounts } from '../../lib/render/print-counts.js';
import { printJson } from '../../lib/render/print.js';
import type { CountsReport } from '../../contract/api.js';
import { getVanityJson } from '../../lib/vanity-client.js';
import { watch } from '../../lib/watch.js';
import type { ParsedFlags } from '../../lib/typed-flags.js';

const WATCH_EVERY_MS = 5000;

export default class VanityCounts extends Command {
  static override description = 'show how many HTTP requests an app served: all time, recent windows, and a sparkline of a range';

  static override examples = [
    '$ heroku vanity:counts -a example-app',
    '$ heroku vanity:counts -a example-app --since 7d --interval day',
    '$ heroku vanity:counts -a example-app --since 2026-11-01 --until 2026-11-08 --tz Europe/Berlin',
    '$ heroku vanity:counts -a example-app --compare previous',
    '$ heroku vanity:counts -a example-app --since 7d --interval day --compare week',
    '$ heroku vanity:counts -a example-app --watch',
    '$ heroku vanity:counts -a example-app --json',
  ];

  static override flags = {
    ...targetFlags,
    ...rangeFlags,
    interval: intervalFlag,
    compare: compareFlag,
    watch: flags.boolean({
      char: 'w',
      description: `redraw every ${WATCH_EVERY_MS / 1000} seconds until Ctrl-C (needs a terminal)`,
      exclusive: ['json'],
    }),
  };

  async run(): Promise<void> {
    const { flags }: ParsedFlags<typeof VanityCounts> = await this.parse(VanityCounts);
    if (flags.watch && !process.stdout.isTTY) {
      this.error('--watch redraws the screen, so it needs a terminal. In a script, poll with --json instead.');
    }
    const params = { since: flags.since, until: flags.until, interval: flags.interval, tz: flags.tz, compare: flags.compare };
    const { target, report } = await fetchReport<CountsReport>(this.heroku, flags, 'counts', params, 'request counts');
    if (flags.json) return printJson(report);
    const title = titleName(target, report.resource.name);
    if (!flags.watch) return printCounts(title, report);
    await watch(
      () => printCounts(title, report),
      async () => {
        const next = await getVanityJson<CountsReport>(target, 'counts', params);
        return () => printCounts(title, next);
      },
      { everyMs: WATCH_EVERY_MS },
    );
  }
}
