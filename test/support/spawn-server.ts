import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  /** Resolves once the output (stdout and stderr) includes `text`. */
  waitForOutput(text: string): Promise<void>;
  /** Resolves with the matches once the output has `count` lines matching `pattern` (a /g regex). */
  waitForMatches(pattern: RegExp, count: number): Promise<RegExpMatchArray[]>;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the built server (`server/dist/main.js`, what `npm start` runs) as a child process
 * on a free port and waits for its "listening" line.
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const dataDir = env.VANITY_TEST_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'vanity-e2e-'));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
    env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${join(dataDir, 'vanity.sqlite')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = () => {
      const match = /vanity listening" port=(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => output,
    waitForOutput: (text) =>
      new Promise((resolve) => {
        const check = () => {
          if (!output.includes(text)) return;
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      }),
    waitForMatches: (pattern, count) =>
      new Promise((resolve) => {
        const check = () => {
          const matches = [...output.matchAll(pattern)];
          if (matches.length < count) return;
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          resolve(matches);
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      }),
    kill(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}

/** Runs the built server expecting it to refuse to start: its exit code and what it printed. */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vanity-e2e-'));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
    env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${join(dataDir, 'vanity.sqlite')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}
