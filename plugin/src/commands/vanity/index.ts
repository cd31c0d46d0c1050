import { Command } from '../../lib/heroku-command.js';
import { fetchReport, titleName } from '../../lib/fetch-report.js';
import { rangeFlags, targetFlags } from '../../lib/flags.js';
import { printSummary } from '../../lib/render/print-counts.js';
import { printJson } from '../../lib/render/print.js';
import type { CountsReport } from '../../contract/api.js';
import type { ParsedFlags } from '../../lib/typed-flags.js';

export default class Vanity extends Command {
  static override description = 'summarise an app\'s HTTP requests: the all-time total, recent windows and the last 24 hours';

  static override examples = ['$ heroku vanity -a example-app', '$ heroku vanity -a example-app --json'];

  static override flags = { ...targetFlags, json: rangeFlags.json };

  async run(): Promise<void> {
    const { flags }: ParsedFlags<typeof Vanity> = await this.parse(Vanity);
    const { target, report } = await fetchReport<CountsReport>(this.heroku, flags, 'counts', {}, 'request counts');
    if (flags.json) return printJson(report);
    printSummary(titleName(target, report.resource.name), report);
  }
}
