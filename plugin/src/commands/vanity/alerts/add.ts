import { Command, flags } from '../../../lib/heroku-command.js';
import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';
import { ALERT_KINDS } from '../../../lib/alert-types.js';
import type { AlertChannel, AlertRule } from '../../../lib/alert-types.js';
import { withVanity } from '../../../lib/fetch-report.js';
import { rangeFlags, targetFlags } from '../../../lib/flags.js';
import { channelText } from '../../../lib/render/alerts-view.js';
import { printJson } from '../../../lib/render/print.js';
import type { ParsedFlags } from '../../../lib/typed-flags.js';
import { requestVanityJson } from '../../../lib/vanity-client.js';

export default class VanityAlertsAdd extends Command {
  static override description = 'add an alert rule: Vanity checks it every minute and tells the channels when it fires and when it resolves';

  static override examples = [
    '$ heroku vanity:alerts:add -a example-app --kind error_rate --threshold-percent 10 --window 5 --min-requests 20 --webhook https://hooks.slack.com/services/…',
    '$ heroku vanity:alerts:add -a example-app --kind router_error --code H12 --threshold-count 5 --email ops@example.com',
    '$ heroku vanity:alerts:add -a example-app --kind traffic_anomaly --direction below --threshold-percent 50 --app-log',
    '$ heroku vanity:alerts:add -a example-app --kind lost_lines --threshold-count 100 --app-log --json',
  ];

  static override flags = {
    ...targetFlags,
    kind: flags.option({ description: 'what to watch', options: ALERT_KINDS, required: true })(),
    'threshold-percent': flags.string({ description: 'error_rate: errors in % of requests; traffic_anomaly: % of the same minutes a week earlier' }),
    'threshold-count': flags.integer({ description: 'router_error, lost_lines: how many in the window', min: 1 }),
    window: flags.integer({ description: 'minutes to look back (1–60) [default: 5]', min: 1, max: 60 }),
    'min-requests': flags.integer({ description: 'error_rate: only with at least this many requests in the window [default: 20]', min: 0 }),
    code: flags.string({ description: 'router_error: the Heroku router error code, like H12' }),
    direction: flags.option({ description: 'traffic_anomaly: alert when traffic is below or above the threshold [default: below]', options: ['below', 'above'] as const })(),
    'min-baseline-requests': flags.integer({ description: 'traffic_anomaly: only when last week had at least this many requests [default: 10]', min: 1 }),
    webhook: flags.string({ description: 'POST a signed JSON notice (Slack-compatible text) to this URL' }),
    email: flags.string({ description: 'e-mail this address (repeat for more)', multiple: true }),
    'app-log': flags.boolean({ description: "write a line into the app's log (heroku logs)" }),
    json: rangeFlags.json,
  };

  async run(): Promise<void> {
    const { flags: f }: ParsedFlags<typeof VanityAlertsAdd> = await this.parse(VanityAlertsAdd);
    const channels: AlertChannel[] = [];
    if (f.webhook) channels.push({ type: 'webhook', url: f.webhook });
    if (f.email?.length) channels.push({ type: 'email', to: f.email });
    if (f['app-log']) channels.push({ type: 'app_log' });
    if (channels.length === 0) this.error('Say whom to tell: --webhook URL, --email ADDRESS or --app-log.', { exit: 2 });
    const threshold = f['threshold-percent'] === undefined ? undefined : Number(f['threshold-percent']);
    if (threshold !== undefined && !Number.isFinite(threshold)) this.error('--threshold-percent must be a number, like 10 or 2.5.', { exit: 2 });
    // The server checks which fields the kind takes and names any that are wrong.
    const body = {
      kind: f.kind,
      threshold_percent: threshold,
      threshold_count: f['threshold-count'],
      window_minutes: f.window,
      min_requests: f['min-requests'],
      code: f.code,
      direction: f.direction,
      min_baseline_requests: f['min-baseline-requests'],
      channels,
    };
    const { report: rule } = await withVanity(this.heroku, f, 'Adding alert rule', (t) => requestVanityJson<AlertRule>(t, 'POST', 'alerts', { body }));
    if (f.json) return printJson(rule);
    ux.stdout(`Added alert ${color.label(rule.id)}: ${rule.description}`);
    ux.stdout(`Tells: ${rule.channels.map(channelText).join(', ')}`);
    if (rule.webhook_secret) ux.stdout(`Webhook signing secret (verify the Vanity-Signature header with it): ${rule.webhook_secret}`);
  }
}
