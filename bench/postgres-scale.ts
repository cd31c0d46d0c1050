import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerCredentials, provisionApp } from '../server/src/simulate/provision-app.js';
import { openStore } from '../server/src/store/open-store.js';
import { createTestSchema, findTestPostgres } from '../server/test/support/test-postgres.js';
import type { BenchInput } from './bench-input.js';
import { spawnChildServer } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { runLoad } from './load-generator.js';
import type { LoadRequest } from './load-generator.js';
import type { Row } from './summary-table.js';

/**
 * (d) Scale-out: drain lines/s acknowledged by one Vanity process on PostgreSQL, by two
 * processes sharing that database (the load split between them), and by one process on
 * SQLite. Every process gets the same number of keep-alive connections, the traffic is spread
 * over a few resources (an add-on provider serves many apps), every POST has a fresh Frame-Id.
 */
export interface ScaleOptions {
  requests: number;
  /** Keep-alive connections per server process. */
  connections: number;
  maxSeconds: number;
  resources: number;
}

export interface ScaleRun {
  linesPerSec: number;
  /** Requests counted in the database, and router lines in the acknowledged bodies. */
  counted: number;
  expected: number;
  statuses: Record<number, number>;
}

export interface ScaleResult {
  postgresOne: ScaleRun;
  postgresTwo: ScaleRun;
  sqliteOne: ScaleRun;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Target {
  databaseUrl: string;
  processes: number;
  drop(): Promise<void>;
}

export async function provisionResources(port: number, count: number): Promise<{ ids: string[]; drains: { path: string; authorization: string }[] }> {
  const resources = [];
  for (let i = 0; i < count; i++) resources.push(await provisionApp(`http://127.0.0.1:${port}`, `scale-${randomBytes(4).toString('hex')}`, providerCredentials()));
  return { ids: resources.map((r) => r.id), drains: resources.map((r) => ({ path: new URL(r.drain.url).pathname, authorization: r.drain.authorization })) };
}

export function drainRequests(input: BenchInput, count: number, drains: { path: string; authorization: string }[]): (LoadRequest & { routerLines: number })[] {
  return Array.from({ length: count }, (_, i) => {
    const batch = input.bodies[i % input.bodies.length];
    const drain = drains[i % drains.length];
    if (!batch || !drain) throw new Error('no bench bodies');
    const headers = { ...batch.headers, 'logplex-frame-id': randomBytes(16).toString('hex').toUpperCase(), authorization: drain.authorization };
    return { path: drain.path, headers, body: batch.body, lines: batch.frames, routerLines: batch.routerLines };
  });
}

export async function countedIn(databaseUrl: string, ids: string[]): Promise<number> {
  const store = await openStore(databaseUrl);
  try {
    let sum = 0;
    for (const id of ids) {
      const resource = await store.getResource(id);
      if (resource) sum += (await store.readTotals(resource.seq)).requests;
    }
    return sum;
  } finally {
    await store.close();
  }
}

async function measure(target: Target, input: BenchInput, options: ScaleOptions): Promise<ScaleRun> {
  const env = { PORT: '0', DATABASE_URL: target.databaseUrl, VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0' };
  const servers: ChildServer[] = [];
  try {
    for (let i = 0; i < target.processes; i++) servers.push(await spawnChildServer(['server/dist/main.js'], env));
    const { ids, drains } = await provisionResources((servers[0] as ChildServer).port, options.resources);
    const requests = drainRequests(input, options.requests, drains);
    const shares = servers.map((_, s) => requests.filter((_, i) => i % servers.length === s));
    const results = await Promise.all(servers.map((server, s) => runLoad(server.port, shares[s] ?? [], options.connections, options.maxSeconds * 1000)));
    const lines = results.reduce((sum, r) => sum + r.linesAcknowledged, 0);
    const seconds = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
    const expected = results.reduce((sum, r, s) => sum + r.acknowledgedIndexes.reduce((n, i) => n + (shares[s]?.[i]?.routerLines ?? 0), 0), 0);
    const statuses: Record<number, number> = {};
    for (const r of results) for (const [status, n] of Object.entries(r.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
    await Promise.all(servers.map((server) => server.stop()));
    return { linesPerSec: lines / seconds, counted: await countedIn(target.databaseUrl, ids), expected, statuses };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await target.drop();
  }
}

async function postgresTarget(databaseUrl: string, processes: number): Promise<Target> {
  const schema = await createTestSchema(databaseUrl);
  return { databaseUrl: schema.url, processes, drop: schema.drop };
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'vanity-bench-'));
  return { databaseUrl: `sqlite:${join(dir, 'vanity.sqlite')}`, processes: 1, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The median of each figure over the rounds; counts must be exact in every round. */
function medianRun(runs: ScaleRun[]): ScaleRun {
  const exact = runs.every((run) => run.counted === run.expected);
  const sum = (pick: (run: ScaleRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const statuses: Record<number, number> = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
  return { linesPerSec: median(runs.map((run) => run.linesPerSec)), counted: exact ? sum((r) => r.expected) : sum((r) => r.counted), expected: sum((r) => r.expected), statuses };
}

/**
 * `rounds` rounds of the three runs back to back, so that a busy machine slows all three alike;
 * each figure is the median over the rounds.
 */
export async function benchPostgresScale(input: BenchInput, databaseUrl: string, options: ScaleOptions & { rounds: number }): Promise<ScaleResult> {
  const runs: { [K in keyof ScaleResult]: ScaleRun[] } = { postgresOne: [], postgresTwo: [], sqliteOne: [] };
  for (let round = 1; round <= options.rounds; round++) {
    runs.postgresOne.push(await measure(await postgresTarget(databaseUrl, 1), input, options));
    runs.postgresTwo.push(await measure(await postgresTarget(databaseUrl, 2), input, options));
    runs.sqliteOne.push(await measure(sqliteTarget(), input, options));
    const line = (Object.keys(runs) as (keyof ScaleResult)[]).map((name) => `${name} ${fmt(runs[name][round - 1]?.linesPerSec ?? 0)}`).join(', ');
    console.log(`(d) round ${round}: ${line} lines/s`);
  }
  return { postgresOne: medianRun(runs.postgresOne), postgresTwo: medianRun(runs.postgresTwo), sqliteOne: medianRun(runs.sqliteOne) };
}

const ratio = (a: ScaleRun, b: ScaleRun): string => `${fmt(a.linesPerSec / b.linesPerSec, 2)}× (${fmt(a.linesPerSec)} vs ${fmt(b.linesPerSec)} lines/s)`;

/** The figures for the bench table, on TEST_DATABASE_URL or a throwaway database on 127.0.0.1:5432. */
export async function postgresScaleFigures(input: BenchInput, options: ScaleOptions & { rounds: number }): Promise<{ rows: Row[]; correct: boolean }> {
  const postgres = await findTestPostgres();
  if ('skipped' in postgres) {
    console.log(`(d) PostgreSQL scale-out skipped: ${postgres.skipped}`);
    return { rows: [{ measure: 'PostgreSQL scale-out', goal: '—', measured: `skipped: no PostgreSQL`, ok: null }], correct: true };
  }
  try {
    const r = await benchPostgresScale(input, postgres.url, options);
    for (const [name, run] of Object.entries(r)) {
      console.log(`(d) ${name}: median ${fmt(run.linesPerSec)} lines/s, counted ${fmt(run.counted)} of ${fmt(run.expected)}, statuses ${JSON.stringify(run.statuses)}`);
    }
    const exact = Object.values(r).every((run) => run.counted === run.expected);
    const scale = r.postgresTwo.linesPerSec / r.postgresOne.linesPerSec;
    return {
      correct: exact,
      rows: [
        { measure: 'PostgreSQL: 2 processes vs 1', goal: '≥ 1.4×', measured: ratio(r.postgresTwo, r.postgresOne), ok: scale >= 1.4 },
        { measure: 'PostgreSQL vs SQLite, 1 process', goal: '—', measured: ratio(r.postgresOne, r.sqliteOne), ok: null },
        { measure: 'scale-out counted = sent', goal: 'equal', measured: exact ? 'equal in all three runs' : 'MISMATCH (see above)', ok: exact },
      ],
    };
  } finally {
    await postgres.cleanup();
  }
}
