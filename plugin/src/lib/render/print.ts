import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';

/**
 * hux brings in @oclif/table (ink and React): about 0.25 s more per run of an installed plugin,
 * which has its own copy. Only `vanity:top` needs it (for `hux.table`), so it loads it when it
 * prints; the header and JSON below print exactly what `hux.styledHeader` and `hux.styledJSON` do.
 */
export const loadHux = () => import('@heroku/heroku-cli-util/hux');

export function printHeader(text: string): void {
  ux.stdout(`${color.label('=== ')}${color.label(text)}\n`);
}

/** The API's JSON as is: pretty-printed, coloured on a terminal. */
export function printJson(report: unknown): void {
  ux.stdout(ux.colorizeJson(report));
}

export function printLines(lines: string[]): void {
  ux.stdout(lines.join('\n'));
}
