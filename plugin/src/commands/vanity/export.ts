import { once } from 'node:events';
import { Command, flags } from '../../lib/heroku-command.js';
import { fetchDownload } from '../../lib/fetch-report.js';
import { checkTimeFlag, targetFlags } from '../../lib/flags.js';
import type { ParsedFlags } from '../../lib/typed-flags.js';

export default class VanityExport extends Command {
  static override description =
    'write every count the add-on still keeps to stdout, as JSON or CSV (e.g. before removing the add-on: `heroku addons:destroy` deletes them)';

  static override examples = [
    '$ heroku vanity:export -a example-app > vanity-export.json',
    '$ heroku vanity:export -a example-app --format csv > vanity-export.csv',
    '$ heroku vanity:export -a example-app --format csv --since 7d > last-week.csv',
  ];

  static override flags = {
    ...targetFlags,
    format: flags.option({ description: 'json (one document) or csv (a header row, then one row per count)', options: ['json', 'csv'] as const, default: 'json' })(),
    since: flags.string({
      description: "only counts from this time on: an ISO 8601 time or a relative time like 24h, 7d, 4w [default: everything the plan keeps]",
      parse: checkTimeFlag,
    }),
  };

  async run(): Promise<void> {
    const { flags }: ParsedFlags<typeof VanityExport> = await this.parse(VanityExport);
    const response = await fetchDownload(this.heroku, flags, flags.format === 'csv' ? 'export.csv' : 'export', { since: flags.since });
    if (!response.body) return;
    // The file's bytes as they arrive (they are data, not messages: not through ux).
    for await (const chunk of response.body) {
      if (!process.stdout.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) await once(process.stdout, 'drain');
    }
  }
}
