import { Command } from '../../../lib/heroku-command.js';
import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';
import type { AlertsList } from '../../../lib/alert-types.js';
import { titleName, withVanity } from '../../../lib/fetch-report.js';
import { rangeFlags, targetFlags } from '../../../lib/flags.js';
import { alertRows, utcMinute } from '../../../lib/render/alerts-view.js';
import { loadHux, printHeader, printJson } from '../../../lib/render/print.js';
import type { ParsedFlags } from '../../../lib/typed-flags.js';
import { requestVanityJson } from '../../../lib/vanity-client.js';

export default class VanityAlerts extends Command {
  static override description = "list an app's Vanity alert rules and when they last fired";

  static override examples = ['$ heroku vanity:alerts -a example-app', '$ heroku vanity:alerts -a example-app --json'];

  static override flags = { ...targetFlags, json: rangeFlags.json };

  async run(): Promise<void> {
    const { flags }: ParsedFlags<typeof VanityAlerts> = await this.parse(VanityAlerts);
    const { target, report } = await withVanity(this.heroku, flags, 'Fetching alert rules', (t) => requestVanityJson<AlertsList>(t, 'GET', 'alerts'));
    if (flags.json) return printJson(report);
    printHeader(`${color.app(titleName(target))} Alerts`);
    ux.stdout(color.label(`${report.rules.length} of ${report.limit} rules the plan allows`));
    if (report.rules.length === 0) {
      return ux.stdout('No alert rules yet. Add one: heroku vanity:alerts:add --kind error_rate --threshold-percent 10 --webhook https://…');
    }
    const { table } = await loadHux();
    ux.stdout('');
    table(alertRows(report.rules), { id: { header: 'ID' }, state: { header: 'State' }, rule: { header: 'Rule' }, channels: { header: 'Tells' } });
    const last = report.history[0];
    if (last) {
      ux.stdout('');
      ux.stdout(`Last fired ${utcMinute(last.fired_at)} (value ${last.fired_value})${last.resolved_at ? `, resolved ${utcMinute(last.resolved_at)}` : ', still firing'}.`);
    }
  }
}
