import { ux } from '@oclif/core/ux';

/**
 * hux brings in @oclif/table (ink and React), about 0.3 s of start-up: it is loaded only when
 * something is printed, so `heroku help` and the loading of the other commands do not pay for it.
 */
export const loadHux = () => import('@heroku/heroku-cli-util/hux');

export async function printHeader(text: string): Promise<void> {
  const { styledHeader } = await loadHux();
  styledHeader(text);
}

/** The API's JSON as is (pretty-printed; coloured on a terminal). */
export async function printJson(report: unknown): Promise<void> {
  const { styledJSON } = await loadHux();
  styledJSON(report);
}

export function printLines(lines: string[]): void {
  ux.stdout(lines.join('\n'));
}
