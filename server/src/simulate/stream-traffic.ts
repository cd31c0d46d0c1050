import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CredentialedUrl } from './credentialed-url.js';
import { deliver } from './drain-delivery.js';
import type { Delivery } from './drain-delivery.js';
import { TARGET_BODY_BYTES, batchBuilder, overflowLine } from './logplex-batch.js';
import type { BatchBuilder, LogplexBatch } from './logplex-batch.js';
import { isRouterLine, routerTraffic } from './router-traffic.js';
import { seededRandom } from './seeded-random.js';
import type { Random } from './seeded-random.js';

export interface StreamOptions {
  drain: CredentialedUrl;
  drainToken: string;
  app: string;
  /** Router lines per second. */
  rps: number;
  durationMs: number;
  dynos: number;
  seed: number;
  /** Share of batches that start with an L10 overflow frame. */
  overflowShare?: number;
  /** Share of delivered batches sent again with the same Frame-Id, as Logplex does after a lost 2xx. */
  retryShare?: number;
  /** From `fromMs` to `toMs` after the start, this share of requests are 500s (`--error-burst`). */
  errorBurst?: ErrorBurst;
  progressEveryMs?: number;
  onProgress?: (stats: StreamStats, elapsedMs: number) => Promise<void> | void;
  signal?: AbortSignal;
}

export interface ErrorBurst {
  fromMs: number;
  toMs: number;
  share: number;
}

export interface StreamStats {
  batches: number;
  /** Batches sent again with the same Frame-Id (de-duplicated by the server). */
  repeats: number;
  frames: number;
  /** Router lines sent, i.e. requests. */
  requests: number;
  /** 500s sent for the error burst. */
  burstErrors: number;
  /** When the first of them was stamped (unix ms), for measuring alert latency. */
  firstBurstErrorAt: number | null;
  /** Router lines in batches the server acknowledged with 2xx. */
  acknowledged: number;
  /** Lines L10 frames reported dropped (in acknowledged batches). */
  lostReported: number;
  /** Batches the server answered with a non-retryable 4xx. */
  rejected: number;
  /** Batches still failing after three attempts. */
  failed: number;
  lastProblem: Delivery | null;
}

/** Logplex Frame-Ids: 32 upper-case hex, unique per batch (and per run). */
function newFrameId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** Stops the stream when the server says the drain itself is wrong (no point retrying). */
export class DrainRejected extends Error {}

function record(stats: StreamStats, batch: LogplexBatch, delivery: Delivery): void {
  if (delivery.outcome === 'delivered') {
    stats.acknowledged += batch.routerLines;
    stats.lostReported += batch.lostLines;
    return;
  }
  stats.lastProblem = delivery;
  if (delivery.outcome === 'failed') stats.failed++;
  else stats.rejected++;
  if (delivery.status === 401 || delivery.status === 404) {
    throw new DrainRejected(`the drain answered ${delivery.status} (${delivery.detail})`);
  }
}

function newBatch(random: Random, overflowShare: number, nowUs: number): BatchBuilder {
  const builder = batchBuilder();
  if (random.chance(overflowShare)) {
    builder.add(overflowLine(nowUs, random.int(20, 800), nowUs - random.int(5, 60) * 1_000_000));
  }
  return builder;
}

/**
 * Streams router traffic at `rps` for `durationMs`: every second, one second's worth of lines
 * (stamped across that second) in batches that close at ~100 KiB, delivered one at a time.
 */
export async function streamTraffic(options: StreamOptions): Promise<StreamStats> {
  const traffic = routerTraffic({ seed: options.seed, app: options.app, dynos: options.dynos });
  const random = seededRandom(options.seed + 1);
  const overflowShare = options.overflowShare ?? 0.05;
  const retryShare = options.retryShare ?? 0.05;
  const progressEveryMs = options.progressEveryMs ?? 5000;
  const stats: StreamStats = { batches: 0, repeats: 0, frames: 0, requests: 0, burstErrors: 0, firstBurstErrorAt: null, acknowledged: 0, lostReported: 0, rejected: 0, failed: 0, lastProblem: null };

  const send = async (builder: BatchBuilder): Promise<void> => {
    const batch = builder.finish({ frameId: newFrameId(), drainToken: options.drainToken });
    stats.batches++;
    stats.frames += batch.frames;
    stats.requests += batch.routerLines;
    const delivery = await deliver(options.drain, batch);
    record(stats, batch, delivery);
    if (delivery.outcome === 'delivered' && random.chance(retryShare)) {
      stats.repeats++;
      await deliver(options.drain, batch);
    }
  };

  const start = Date.now();
  let nextProgress = start + progressEveryMs;
  let owed = 0;
  for (let tick = start; tick < start + options.durationMs && !options.signal?.aborted; tick += 1000) {
    // A timer may fire a millisecond before its time: never stamp a tick's lines before it began.
    const tickUs = Math.max(Date.now(), tick) * 1000;
    owed += options.rps;
    const lines = Math.floor(owed);
    owed -= lines;
    let builder = newBatch(random, overflowShare, tickUs);
    const burst = options.errorBurst;
    const inBurst = burst !== undefined && tick - start >= burst.fromMs && tick - start < burst.toMs;
    for (let made = 0; made < lines; ) {
      const lineUs = tickUs - 1_000_000 + Math.floor((made * 1_000_000) / lines);
      const failing = inBurst && random.chance(burst.share);
      const line = failing ? traffic.serverError(lineUs) : traffic.line(lineUs);
      if (failing) {
        stats.burstErrors++;
        stats.firstBurstErrorAt ??= Math.floor(lineUs / 1000);
      }
      builder.add(line);
      if (isRouterLine(line)) made++;
      if (builder.bytes >= TARGET_BODY_BYTES) {
        await send(builder);
        builder = newBatch(random, 0, tickUs);
      }
    }
    if (builder.frames > 0) await send(builder);
    if (Date.now() >= nextProgress) {
      nextProgress += progressEveryMs;
      await options.onProgress?.(stats, Date.now() - start);
    }
    if (tick + 1000 >= start + options.durationMs) break;
    await sleep(Math.max(0, tick + 1000 - Date.now()), undefined, { signal: options.signal }).catch(() => undefined);
  }
  return stats;
}
