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

/**
 * (b) End-to-end drain ingest: the built Vanity server (fresh SQLite file, 204 only after the
 * durable commit) against a raw node:http server that discards the bodies, both in child
 * processes, both fed the same requests by the same load generator.
 */
export interface IngestOptions {
  requests: number;
  connections: number;
  maxSeconds: number;
}

export interface IngestResult {
  vanityLinesPerSec: number;
  discardLinesPerSec: number;
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  vanity: LoadResult;
  discard: LoadResult;
  /** Requests Vanity counted, and router lines in the acknowledged bodies. */
  counted: number;
  expected: number;
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

async function withServer<T>(server: ChildServer, use: (server: ChildServer) => Promise<T>): Promise<T> {
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

export async function benchIngest(input: BenchInput, options: IngestOptions): Promise<IngestResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vanity-bench-'));
  const sqlitePath = join(dataDir, 'vanity.sqlite');
  const maxMs = options.maxSeconds * 1000;
  try {
    const vanityServer = await spawnChildServer(['server/dist/main.js'], {
      PORT: '0',
      DATABASE_URL: `sqlite:${sqlitePath}`,
      VANITY_LOG_REQUESTS: 'false',
      VANITY_RETENTION_INTERVAL_SECONDS: '0',
    });
    let requests: LoadRequest[] = [];
    let resourceId = '';
    const vanity = await withServer(vanityServer, async ({ port }) => {
      const resource = await provisionApp(`http://127.0.0.1:${port}`, APP, providerCredentials());
      resourceId = resource.id;
      const path = new URL(resource.drain.url).pathname;
      requests = drainRequests(input, options.requests, path, resource.drain.authorization);
      return runLoad(port, requests, options.connections, maxMs);
    });
    const discardServer = await spawnChildServer(['--import', 'tsx', 'bench/discard-server.ts'], {});
    const discard = await withServer(discardServer, ({ port }) => runLoad(port, requests, options.connections, maxMs));
    const vanityLinesPerSec = vanity.linesAcknowledged / (vanity.elapsedMs / 1000);
    const discardLinesPerSec = discard.linesAcknowledged / (discard.elapsedMs / 1000);
    return {
      vanityLinesPerSec,
      discardLinesPerSec,
      ratio: vanityLinesPerSec / discardLinesPerSec,
      p50Ms: percentile(vanity.latenciesMs, 50),
      p99Ms: percentile(vanity.latenciesMs, 99),
      vanity,
      discard,
      counted: await countedByVanity(sqlitePath, resourceId),
      expected: routerLinesIn(input, vanity.acknowledgedIndexes),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
