import { TARGET_BODY_BYTES, batchBuilder, overflowLine } from '../server/src/simulate/logplex-batch.js';
import type { LogplexBatch } from '../server/src/simulate/logplex-batch.js';
import { routerTraffic } from '../server/src/simulate/router-traffic.js';

/** The generated input every benchmark shares: ~100 KiB logplex bodies of realistic traffic. */
export interface BenchInput {
  bodies: LogplexBatch[];
  /** All frames (router, app output, dyno manager, L10). */
  lines: number;
  routerLines: number;
  bytes: number;
}

export interface InputOptions {
  /** Stop once this many frames have been generated (the last body is completed). */
  lines: number;
  seed?: number;
  /** Lines are stamped evenly across [startMs, startMs + spanMs). */
  startMs: number;
  spanMs: number;
  /** Every n-th body starts with an L10 overflow frame. */
  overflowEvery?: number;
}

export function generateInput(options: InputOptions): BenchInput {
  const traffic = routerTraffic({ seed: options.seed ?? 1, app: 'bench-app', dynos: 8 });
  const overflowEvery = options.overflowEvery ?? 50;
  const stepUs = (options.spanMs * 1000) / options.lines;
  const startUs = options.startMs * 1000;
  const input: BenchInput = { bodies: [], lines: 0, routerLines: 0, bytes: 0 };
  while (input.lines < options.lines) {
    const builder = batchBuilder();
    const timeUs = (): number => Math.floor(startUs + (input.lines + builder.frames) * stepUs);
    if (input.bodies.length % overflowEvery === overflowEvery - 1) builder.add(overflowLine(timeUs(), 250, timeUs() - 30_000_000));
    while (builder.bytes < TARGET_BODY_BYTES) builder.add(traffic.line(timeUs()));
    const batch = builder.finish({ frameId: '0'.repeat(32) });
    input.bodies.push(batch);
    input.lines += batch.frames;
    input.routerLines += batch.routerLines;
    input.bytes += batch.body.length;
  }
  return input;
}
