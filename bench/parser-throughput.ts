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

/** Both parsers must see the same requests, or the comparison means nothing. */
function checkAgreement(input: BenchInput): void {
  let ours = 0;
  let theirs = 0;
  let ourStatus = 0;
  let theirStatus = 0;
  for (const { body } of input.bodies) {
    const a = parseDrainBody(body);
    const b = parseWithLogfmt(body);
    ours += a.requests.length;
    theirs += b.requests.length;
    for (const r of a.requests) ourStatus += r.status ?? 0;
    for (const r of b.requests) theirStatus += r.status ?? 0;
  }
  if (ours !== input.routerLines || theirs !== input.routerLines || ourStatus !== theirStatus) {
    throw new Error(`parsers disagree: ${input.routerLines} router lines, parseDrainBody found ${ours}, logfmt ${theirs}`);
  }
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
