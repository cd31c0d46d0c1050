import { runCommand } from '@oclif/test';
import { fileURLToPath } from 'node:url';

export const PLUGIN_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a command of this plugin in-process, as `heroku <argv>` would (output captured, ANSI stripped). */
export function run(argv: string[]) {
  return runCommand(argv, { root: PLUGIN_ROOT });
}
