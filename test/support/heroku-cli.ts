import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './spawn-server.js';

const execFileAsync = promisify(execFile);

/** The CLI wraps warnings and errors at the terminal width, prefixing each line with " ›   ". */
export function unwrapped(stderr: string): string {
  return stderr.replace(/ ?\n ›\s+/g, ' ');
}

export const HEROKU_BIN = join(REPO_ROOT, 'node_modules/heroku/bin/run.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HerokuCli {
  home: string;
  /** The environment the CLI runs with (its own HOME, the Platform API it talks to). */
  env: NodeJS.ProcessEnv;
  /** Runs `heroku ...args` in `cwd` (default: the temp HOME, which is no git checkout). */
  run(args: string[], cwd?: string): Promise<CliResult>;
  cleanup(): void;
}

/**
 * The real `heroku` CLI (npm package heroku) in a throwaway HOME, talking to `platformApiUrl`
 * with `token`. Telemetry, update checks and autoupdate are off: without that the CLI spawns
 * background processes that call out and linger.
 */
export function herokuCli(platformApiUrl: string, token: string): HerokuCli {
  const home = mkdtempSync(join(tmpdir(), 'vanity-heroku-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // the CLI writes a git credential helper into the global gitconfig
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    HEROKU_HOST: platformApiUrl,
    HEROKU_API_KEY: token,
    DISABLE_TELEMETRY: 'true',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    HEROKU_DISABLE_AUTOUPDATE: 'true',
    NO_COLOR: '1',
    COLUMNS: '120',
  };
  return {
    home,
    env,
    async run(args, cwd = home) {
      try {
        const { stdout, stderr } = await execFileAsync(process.execPath, [HEROKU_BIN, ...args], {
          env,
          cwd,
          timeout: 60_000,
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
      }
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}
