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

export function benchParser(input: BenchInput, seconds: number): ParserResult {
  checkAgreement(input);
  let sink = 0;
  const vanity = (body: Buffer): void => void (sink += parseDrainBody(body).requests.length);
  const baseline = (body: Buffer): void => void (sink += parseWithLogfmt(body).requests.length);
  timeRound(input, vanity);
  timeRound(input, baseline);
  let vanityMs = 0;
  let baselineMs = 0;
  let rounds = 0;
  while (vanityMs + baselineMs < seconds * 1000 || rounds < 2) {
    vanityMs += timeRound(input, vanity);
    baselineMs += timeRound(input, baseline);
    rounds++;
  }
  if (sink === 0) throw new Error('no requests parsed');
  const vanityLinesPerSec = (input.lines * rounds) / (vanityMs / 1000);
  const logfmtLinesPerSec = (input.lines * rounds) / (baselineMs / 1000);
  return { vanityLinesPerSec, logfmtLinesPerSec, ratio: vanityLinesPerSec / logfmtLinesPerSec };
}
