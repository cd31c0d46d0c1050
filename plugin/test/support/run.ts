import { Config } from '@oclif/core';
import { runCommand } from '@oclif/test';
import { fileURLToPath } from 'node:url';

export const PLUGIN_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let loaded: Promise<Config> | undefined;

/**
 * The plugin's oclif config, loaded once per test process. Without a manifest, loading builds
 * one from the command sources, and each command's `--app` default runs `git` twice: most of a
 * command's run in tests. Each run still gets a fresh Config built from these plugins.
 * NODE_ENV=test (as runCommand sets it) makes oclif load the commands from src/.
 */
export function pluginConfig(): Promise<Config> {
  loaded ??= (async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'test';
    try {
      return await Config.load({ root: PLUGIN_ROOT });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
  })();
  return loaded;
}

/** Runs a command of this plugin in-process, as `heroku <argv>` would (output captured, ANSI stripped). */
export async function run(argv: string[]) {
  return runCommand(argv, await pluginConfig());
}
