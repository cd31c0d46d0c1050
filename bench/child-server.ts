import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChildServer {
  port: number;
  pid: number;
  /** Resolves with the matches once the output has `count` lines matching `pattern` (a /g regex). */
  waitForLines(pattern: RegExp, count: number): Promise<RegExpMatchArray[]>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs a server in a child process (so it has its own event loop and the load generator does
 * not share it) and waits for its `port=N` start-up line.
 */
export function spawnChildServer(args: string[], env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  /** Each returns true once it resolved. */
  const waiting: (() => boolean)[] = [];
  const waitForLines = (pattern: RegExp, count: number): Promise<RegExpMatchArray[]> =>
    new Promise((resolve) => {
      const check = (): boolean => {
        const matches = [...output.matchAll(pattern)];
        if (matches.length >= count) resolve(matches);
        return matches.length >= count;
      };
      if (!check()) waiting.push(check);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${output}`)), 20_000);
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const check of waiting.splice(0)) if (!check()) waiting.push(check);
      const match = /listening.* port=(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), pid: child.pid as number, waitForLines, stop });
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
