import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/src/config.js';
import { runRetention } from '../server/src/retention/run-retention.js';
import { startServer } from '../server/src/server.js';
import { syslogTime } from '../server/src/simulate/logplex-batch.js';
import type { LogplexBatch } from '../server/src/simulate/logplex-batch.js';
import { providerCredentials, provisionApp } from '../server/src/simulate/provision-app.js';
import { LEVEL_CODES } from '../server/src/store/level-codes.js';
import { openSqliteStore } from '../server/src/store/sqlite/sqlite-store.js';
import type { BenchInput } from './bench-input.js';
import { post } from './load-generator.js';

/**
 * (c) Database size after N vs 10·N requests spread over the same hours. The lines go through
 * the real path (drain route → parse → aggregate → group commit → SQLite) of an in-process
 * server. The bench bodies are reused with their timestamps rewritten in place (same width),
 * so 10 M requests do not need 10 M freshly generated lines.
 */
export interface DbSizeOptions {
  requests: number;
  hours: number;
  /** In-flight POSTs. */
  concurrency: number;
}

export interface DbSize {
  requests: number;
  lines: number;
  /** File size after checkpoint + VACUUM, frame ids of the last two hours still there. */
  bytesWithFrames: number;
  /** The same after the frame-id window passed (what retention leaves: the aggregates). */
  bytes: number;
  /** dbstat bytes per table and index, before the frame ids were forgotten. */
  tables: Record<string, number>;
  /** Count rows per level and dimension, e.g. `hour path`. */
  rowsByLevel: Record<string, number>;
  seconds: number;
}

const TIMESTAMP_LENGTH = '2015-04-02T11:52:34.520012+00:00'.length;

/** Byte offsets of every frame's TIMESTAMP (`<len> <PRI>1 TIMESTAMP …`). */
function timestampOffsets(body: Buffer): number[] {
  const offsets: number[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const len = Number(body.toString('latin1', at, space));
    offsets.push(body.indexOf(0x20, space + 1) + 1);
    at = space + 1 + len;
  }
  return offsets;
}

function restamped(batch: LogplexBatch, offsets: readonly number[], firstLine: number, startUs: number, stepUs: number): Buffer {
  const copy = Buffer.from(batch.body);
  offsets.forEach((offset, i) => copy.write(syslogTime(Math.floor(startUs + (firstLine + i) * stepUs)), offset, TIMESTAMP_LENGTH, 'latin1'));
  return copy;
}

const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVEL_CODES).map(([name, code]) => [code, name]));

function rowsByLevel(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare<[], { level: number; dim: string; n: number }>('SELECT level, dim, COUNT(*) AS n FROM counts GROUP BY level, dim ORDER BY level, n DESC').all();
    return Object.fromEntries(rows.map((r) => [`${LEVEL_NAMES[r.level] ?? r.level} ${r.dim}`, r.n]));
  } finally {
    db.close();
  }
}

function vacuumedSize(path: string): { bytes: number; tables: Record<string, number> } {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const rows = db.prepare<[], { name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all();
    return { bytes: statSync(path).size, tables: Object.fromEntries(rows.map((r) => [r.name, r.bytes])) };
  } finally {
    db.close();
  }
}

/** A retention run as production does it: here it deletes the alerts' minute code rows older than two hours. */
async function pruneLikeProduction(path: string): Promise<void> {
  const store = openSqliteStore(path);
  try {
    await runRetention(store, new Date());
  } finally {
    await store.close();
  }
}

async function forgetAllFrames(path: string): Promise<void> {
  const store = openSqliteStore(path);
  try {
    await store.forgetFramesBefore(Math.floor(Date.now() / 1000) + 1);
  } finally {
    await store.close();
  }
}

export async function measureDbSize(input: BenchInput, options: DbSizeOptions): Promise<DbSize> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vanity-dbsize-'));
  const path = join(dataDir, 'vanity.sqlite');
  const started = performance.now();
  const server = await startServer(loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${path}`, VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0' }));
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let lines = 0;
  let requests = 0;
  try {
    const resource = await provisionApp(server.url, 'dbsize-app', providerCredentials());
    const drainPath = new URL(resource.drain.url).pathname;
    const offsets = input.bodies.map((b) => timestampOffsets(b.body));
    const spanUs = options.hours * 3_600_000_000;
    const startUs = (Math.floor(Date.now() / 3_600_000) * 3_600_000) * 1000 - spanUs;
    const stepUs = spanUs / Math.ceil((options.requests * input.lines) / input.routerLines);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (requests < options.requests) {
        const index = next++ % input.bodies.length;
        const batch = input.bodies[index] as LogplexBatch;
        const body = restamped(batch, offsets[index] as number[], lines, startUs, stepUs);
        lines += batch.frames;
        requests += batch.routerLines;
        const headers = { ...batch.headers, 'logplex-frame-id': randomBytes(16).toString('hex').toUpperCase(), authorization: resource.drain.authorization };
        const status = await post(agent, server.port, { path: drainPath, headers, body });
        if (status !== 204 && status !== 200) throw new Error(`drain answered ${status}`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
    await server.stop();
  }
  try {
    await pruneLikeProduction(path);
    const before = vacuumedSize(path);
    await forgetAllFrames(path);
    const after = vacuumedSize(path);
    return {
      requests,
      lines,
      bytesWithFrames: before.bytes,
      bytes: after.bytes,
      tables: before.tables,
      rowsByLevel: rowsByLevel(path),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
