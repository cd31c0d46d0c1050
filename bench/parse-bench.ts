/**
 * Parser throughput: parseDrainBody (octet framing + every router field we count) against the
 * `logfmt` npm package with plain newline framing, on the same ~100 KiB logplex bodies (both
 * start from the Buffer, as the drain receives it).
 * Run: npx tsx bench/parse-bench.ts   (prints lines/s for both and the ratio)
 */
import logfmt from 'logfmt';
import { parseDrainBody } from '../server/src/parse/drain-body.js';
import { makeBody } from './logplex-sample.js';


/** CPU seconds of this process: other processes on a busy machine do not count against us. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function linesPerSecond(lines: number, run: () => void, ms: number): number {
  let rounds = 0;
  const start = cpuSeconds();
  while (cpuSeconds() - start < ms / 1000) {
    for (let i = 0; i < 10; i++) run();
    rounds += 10;
  }
  return (rounds * lines) / (cpuSeconds() - start);
}

/** Alternates short runs of each and keeps each one's best, so a noisy machine skews both alike. */
function compare(lines: number, a: () => void, b: () => void, trials = 7, ms = 250): [number, number] {
  for (let i = 0; i < 50; i++) {
    a();
    b();
  }
  let bestA = 0;
  let bestB = 0;
  for (let t = 0; t < trials; t++) {
    bestA = Math.max(bestA, linesPerSecond(lines, a, ms));
    bestB = Math.max(bestB, linesPerSecond(lines, b, ms));
  }
  return [bestA, bestB];
}

const { body, lines } = makeBody();
let sink = 0;
const [ours, baseline] = compare(
  lines,
  () => {
    sink += parseDrainBody(body).requests.length;
  },
  () => {
    for (const line of body.toString('utf8').split('\n')) if (line) sink += Object.keys(logfmt.parse(line)).length;
  },
);
console.log(`body=${body.length}B lines=${lines}`);
console.log(`parseDrainBody: ${Math.round(ours).toLocaleString('en')} lines/s`);
console.log(`logfmt (newline framing): ${Math.round(baseline).toLocaleString('en')} lines/s`);
console.log(`ratio: ${(ours / baseline).toFixed(1)}x   (goal >= 15x)  [sink ${sink > 0}]`);
