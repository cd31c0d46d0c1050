import type { LogSink } from '../../src/log/logger.js';

/** A log sink that keeps every line and lets a test await lines instead of polling for them. */
export interface LogLines {
  lines: string[];
  sink: LogSink;
  /** Resolves once `count` lines in all (earlier ones included) have matched `pattern`. */
  waitFor(pattern: RegExp, count?: number): Promise<void>;
  /** How many lines so far match `pattern`. */
  count(pattern: RegExp): number;
}

export function collectLogLines(): LogLines {
  const lines: string[] = [];
  let waiters: Array<{ pattern: RegExp; count: number; resolve(): void }> = [];
  const count = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;
  const wake = () => {
    waiters = waiters.filter((w) => {
      if (count(w.pattern) < w.count) return true;
      w.resolve();
      return false;
    });
  };
  return {
    lines,
    count,
    sink(line) {
      lines.push(line);
      wake();
    },
    waitFor(pattern, n = 1) {
      return new Promise((resolve) => {
        waiters.push({ pattern, count: n, resolve });
        wake();
      });
    },
  };
}
