import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerCredentials, provisionApp } from '../server/src/simulate/provision-app.js';
import { openSqliteStore } from '../server/src/store/sqlite/sqlite-store.js';
import type { BenchInput } from './bench-input.js';
import { spawnChildServer } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { percentile, runLoad } from './load-generator.js';
import type { LoadRequest, LoadResult } from './load-generator.js';
import { cpuSecondsOf } from './process-cpu.js';

/**
 * (b) End-to-end drain ingest: the built Vanity server (fresh SQLite file, 204 only after the
 * durable commit) against a raw node:http server that discards the bodies, both in child
 * processes, both fed the same requests by the same load generator. The two run in
 * alternating rounds (which goes first alternates too), so that both see the same share of
 * whatever else the machine is doing; each round gives one ratio, the figure is their median.
 */
export interface IngestOptions {
  requests: number;
  connections: number;
  maxSeconds: number;
  rounds: number;
}

/** One server's run in one round. */
export interface IngestRun {
  postsPerSec: number;
  linesPerSec: number;
  /** CPU milliseconds the server process used per acknowledged POST (every thread). */
  cpuMsPerPost: number;
  load: LoadResult;
}

export interface IngestRound {
  vanity: IngestRun;
  discard: IngestRun;
  /** Vanity's POSTs/s over the discard server's. */
  ratio: number;
}

export interface IngestResult {
  rounds: IngestRound[];
  /** Median of the rounds' ratios. */
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests Vanity counted, and router lines in the bodies it acknowledged (every round). */
  counted: number;
  expected: number;
  /** POSTs Vanity answered other than 204, by status. */
  refused: Record<number, number>;
}

const APP = 'bench-app';

function drainRequests(input: BenchInput, count: number, path: string, authorization: string): LoadRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const batch = input.bodies[i % input.bodies.length];
    if (!batch) throw new Error('no bench bodies');
    // Every POST is a new batch to Vanity: a fresh Frame-Id, even when a body repeats.
    const headers = { ...batch.headers, 'logplex-frame-id': randomBytes(16).toString('hex').toUpperCase(), authorization };
    return { path, headers, body: batch.body, lines: batch.frames };
  });
}

function routerLinesIn(input: BenchInput, indexes: readonly number[]): number {
  return indexes.reduce((sum, i) => sum + (input.bodies[i % input.bodies.length]?.routerLines ?? 0), 0);
}

async function countedByVanity(sqlitePath: string, resourceId: string): Promise<number> {
  const store = openSqliteStore(sqlitePath);
  try {
    const resource = await store.getResource(resourceId);
    if (!resource) throw new Error(`resource ${resourceId} missing after the run`);
    return (await store.readTotals(resource.seq)).requests;
  } finally {
    await store.close();
  }
}

async function measured(server: ChildServer, requests: readonly LoadRequest[], options: IngestOptions): Promise<IngestRun> {
  const cpuBefore = cpuSecondsOf(server.pid);
  const load = await runLoad(server.port, requests, options.connections, options.maxSeconds * 1000);
  const cpu = cpuSecondsOf(server.pid) - cpuBefore;
  const seconds = load.elapsedMs / 1000;
  return { postsPerSec: load.acknowledged / seconds, linesPerSec: load.linesAcknowledged / seconds, cpuMsPerPost: (cpu * 1000) / load.acknowledged, load };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function benchIngest(input: BenchInput, options: IngestOptions): Promise<IngestResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vanity-bench-'));
  const sqlitePath = join(dataDir, 'vanity.sqlite');
  const servers: ChildServer[] = [];
  try {
    const vanity = await spawnChildServer(['server/dist/main.js'], {
      PORT: '0',
      DATABASE_URL: `sqlite:${sqlitePath}`,
      VANITY_LOG_REQUESTS: 'false',
      VANITY_RETENTION_INTERVAL_SECONDS: '0',
    });
    servers.push(vanity);
    const discard = await spawnChildServer(['--import', 'tsx', 'bench/discard-server.ts'], {});
    servers.push(discard);
    const resource = await provisionApp(`http://127.0.0.1:${vanity.port}`, APP, providerCredentials());
    const path = new URL(resource.drain.url).pathname;
    const rounds: IngestRound[] = [];
    let expected = 0;
    const refused: Record<number, number> = {};
    for (let r = 0; r < options.rounds; r++) {
      const requests = drainRequests(input, options.requests, path, resource.drain.authorization);
      let vanityRun: IngestRun;
      let discardRun: IngestRun;
      if (r % 2 === 0) {
        vanityRun = await measured(vanity, requests, options);
        discardRun = await measured(discard, requests, options);
      } else {
        discardRun = await measured(discard, requests, options);
        vanityRun = await measured(vanity, requests, options);
      }
      rounds.push({ vanity: vanityRun, discard: discardRun, ratio: vanityRun.postsPerSec / discardRun.postsPerSec });
      expected += routerLinesIn(input, vanityRun.load.acknowledgedIndexes);
      for (const [status, n] of Object.entries(vanityRun.load.statuses)) if (status !== '204') refused[Number(status)] = (refused[Number(status)] ?? 0) + n;
    }
    for (const server of servers.splice(0)) await server.stop();
    const latencies = rounds.flatMap((round) => round.vanity.load.latenciesMs);
    return {
      rounds,
      ratio: median(rounds.map((round) => round.ratio)),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      counted: await countedByVanity(sqlitePath, resource.id),
      expected,
      refused,
    };
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
