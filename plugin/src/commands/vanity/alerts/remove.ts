import { Args } from '@oclif/core';
import { Command } from '../../../lib/heroku-command.js';
import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';
import { withVanity } from '../../../lib/fetch-report.js';
import { rangeFlags, targetFlags } from '../../../lib/flags.js';
import { printJson } from '../../../lib/render/print.js';
import type { ParsedFlags } from '../../../lib/typed-flags.js';
import { requestVanityJson } from '../../../lib/vanity-client.js';

export default class VanityAlertsRemove extends Command {
  static override description = 'remove an alert rule (its history stays)';

  static override examples = ['$ heroku vanity:alerts:remove 0f8c…-uuid -a example-app', '$ heroku vanity:alerts:remove 0f8c…-uuid -a example-app --json'];

  static override args = { id: Args.string({ description: 'the rule id (heroku vanity:alerts lists them)', required: true }) };

  static override flags = { ...targetFlags, json: rangeFlags.json };

  async run(): Promise<void> {
    const { args, flags }: ParsedFlags<typeof VanityAlertsRemove> & { args: { id: string } } = await this.parse(VanityAlertsRemove);
    await withVanity(this.heroku, flags, `Removing alert rule ${args.id}`, (t) => requestVanityJson<undefined>(t, 'DELETE', `alerts/${encodeURIComponent(args.id)}`));
    if (flags.json) return printJson({ id: args.id, removed: true });
    ux.stdout(`Removed alert ${color.label(args.id)}.`);
  }
}
