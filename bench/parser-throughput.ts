import { parseDrainBody } from '../server/src/parse/drain-body.js';
import type { BenchInput } from './bench-input.js';
import { parseWithLogfmt } from './logfmt-baseline.js';

/**
 * (a) Parser lines/s: `parseDrainBody` (octet framing + every router field Vanity counts)
 * against the logfmt baseline, on the same bodies. The two are run in alternating rounds so
 * that a noisy neighbour on a shared machine slows both alike.
 */
export interface ParserResult {
  vanityLinesPerSec: number;
  logfmtLinesPerSec: number;
  ratio: number;
}

function timeRound(input: BenchInput, parse: (body: Buffer) => void): number {
  const start = performance.now();
  for (const batch of input.bodies) parse(batch.body);
  return performance.now() - start;
}

/** Both parsers must read the same requests, field for field, or the comparison means nothing. */
function checkAgreement(input: BenchInput): void {
  let requests = 0;
  for (const { body } of input.bodies) {
    const ours = parseDrainBody(body).requests;
    const theirs = parseWithLogfmt(body).requests;
    if (ours.length !== theirs.length) throw new Error(`parsers disagree: parseDrainBody found ${ours.length} requests, logfmt ${theirs.length}`);
    ours.forEach((request, i) => {
      const a = JSON.stringify(request);
      const b = JSON.stringify(theirs[i]);
      if (a !== b) throw new Error(`parsers disagree:\n  parseDrainBody ${a}\n  logfmt         ${b}`);
    });
    requests += ours.length;
  }
  if (requests !== input.routerLines) throw new Error(`${input.routerLines} router lines sent, ${requests} parsed`);
}

/** `gc()` before each timed round, so neither side pays for the other's garbage. */
function collectGarbage(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the parser bench needs --expose-gc (npm run bench passes it): node --expose-gc --import tsx bench/run-bench.ts parser');
  return gc;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export function benchParser(input: BenchInput, seconds: number): ParserResult {
  checkAgreement(input);
  const gc = collectGarbage();
  let sink = 0;
  const vanity = (body: Buffer): void => void (sink += parseDrainBody(body).requests.length);
  const baseline = (body: Buffer): void => void (sink += parseWithLogfmt(body).requests.length);
  const timed = (parse: (body: Buffer) => void): number => {
    gc();
    return timeRound(input, parse);
  };
  timeRound(input, vanity);
  timeRound(input, baseline);
  const vanityMs: number[] = [];
  const baselineMs: number[] = [];
  let spentMs = 0;
  // Rounds alternate, and so does which side goes first; the ratio is the median of the rounds' ratios.
  while (spentMs < seconds * 1000 || vanityMs.length < 5) {
    const first = vanityMs.length % 2 === 0;
    if (first) vanityMs.push(timed(vanity));
    baselineMs.push(timed(baseline));
    if (!first) vanityMs.push(timed(vanity));
    spentMs += (vanityMs.at(-1) as number) + (baselineMs.at(-1) as number);
  }
  if (sink === 0) throw new Error('no requests parsed');
  const perSec = (ms: number): number => input.lines / (ms / 1000);
  return {
    vanityLinesPerSec: median(vanityMs.map(perSec)),
    logfmtLinesPerSec: median(baselineMs.map(perSec)),
    ratio: median(vanityMs.map((ms, i) => (baselineMs[i] as number) / ms)),
  };
}
