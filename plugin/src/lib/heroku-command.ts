import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as HerokuCommandModule from '@heroku-cli/command';

const PACKAGE = '@heroku-cli/command';

/**
 * `@heroku-cli/command` (the `Command` with `this.heroku`, and the `app`/`remote` flags), preferably
 * the copy of the heroku CLI running this plugin. That CLI has already loaded its own by the
 * time a plugin command starts, and importing the plugin's copy a second time (with its own
 * `@oclif/core`, Sentry and OpenTelemetry: ~1,100 files) was most of what made an installed
 * `heroku vanity:counts` slower than a core command (bench/README.md). The CLI's copy is taken
 * when its major version is the one `package.json` asks for and it is no older, else the
 * plugin's own. `process.argv[1]` is the CLI's `bin/run.js`, which resolves the CLI's libraries.
 */
export const { Command, flags }: typeof HerokuCommandModule = await import(hostCopy() ?? PACKAGE);

export function hostCopy(entry = process.argv[1]): string | undefined {
  if (!entry) return undefined;
  try {
    const fromCli = createRequire(entry);
    const { version } = JSON.parse(readFileSync(fromCli.resolve(`${PACKAGE}/package.json`), 'utf8')) as { version: string };
    if (!satisfiesCaret(version, wantedRange())) return undefined;
    return pathToFileURL(fromCli.resolve(PACKAGE)).href;
  } catch {
    return undefined;
  }
}

function wantedRange(): string {
  const own = createRequire(import.meta.url)('../../package.json') as { dependencies: Record<string, string> };
  return own.dependencies[PACKAGE]!;
}

/** `13.4.1` satisfies `^13.2.0`: same major, not older. */
export function satisfiesCaret(version: string, range: string): boolean {
  const have = numbers(version);
  const floor = numbers(range.replace(/^\^/, ''));
  if (!have || !floor || have[0] !== floor[0]) return false;
  for (let i = 1; i < 3; i++) {
    if (have[i] !== floor[i]) return have[i]! > floor[i]!;
  }
  return true;
}

function numbers(version: string): number[] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? match.slice(1).map(Number) : undefined;
}
