import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createTestSchema, findTestPostgres } from '../server/test/support/test-postgres.js';
import type { BenchInput } from './bench-input.js';
import { spawnChildServer } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { median } from './ingest-throughput.js';
import { runLoad } from './load-generator.js';
import type { LoadRequest } from './load-generator.js';
import { countedIn, drainRequests, provisionResources } from './postgres-scale.js';
import type { Row } from './summary-table.js';

/**
 * (e) CPU per router line as processes are added: the built server alone (no WEB_CONCURRENCY)
 * against the cluster with WEB_CONCURRENCY=2 (a primary and two workers), each on a fresh
 * schema of one PostgreSQL. CPU is user + system time of the server's processes only
 * (`/proc/<pid>/stat`: the single process, or the primary plus both workers), read after a
 * warm-up and again after the measured POSTs: not the load generator, not PostgreSQL.
 *
 * The cluster runs twice: with the same connections per process as the single one (each worker
 * as busy as it: the goal's figure, since processes are added for more drains), and with the
 * same connections in total (the same drains split over two processes). A process does less
 * work per line the more POSTs it has in flight (fuller group commits, more ready sockets per
 * event-loop turn), so the second shows what splitting a fixed load costs.
 */
export interface ClusterCpuOptions {
  /** POSTs measured per run, after `warmup` POSTs that are not. */
  requests: number;
  warmup: number;
  connections: number;
  maxSeconds: number;
  resources: number;
  rounds: number;
}

export interface CpuRun {
  processes: number;
  connections: number;
  /** CPU seconds of the server's processes over the measured POSTs; of the primary alone. */
  cpuSeconds: number;
  primaryCpuSeconds: number;
  /** Involuntary context switches of the server's processes over the measured POSTs. */
  preemptions: number;
  routerLines: number;
  seconds: number;
  /** Requests counted in the database (warm-up included), and router lines in every acknowledged body. */
  counted: number;
  expected: number;
  statuses: Record<number, number>;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Times the process (any of its threads) was switched out while it could still run: a busy machine's toll. */
function preemptionsOf(pid: number): number {
  return Number(/^nonvoluntary_ctxt_switches:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

/** utime + stime of one process (all its threads), in seconds. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is the first, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const perMillion = (run: CpuRun): number => (run.cpuSeconds / run.routerLines) * 1e6;
const linesPerSec = (run: CpuRun): number => run.routerLines / run.seconds;

/** Starts the server (`processes` > 1: the cluster) and resolves with it and the pids whose CPU counts. */
async function startServer(databaseUrl: string, processes: number): Promise<{ server: ChildServer; pids: number[] }> {
  const env: Record<string, string> = { PORT: '0', DATABASE_URL: databaseUrl, VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0' };
  if (processes > 1) env.WEB_CONCURRENCY = String(processes);
  const server = await spawnChildServer(['server/dist/main.js'], env);
  if (processes === 1) return { server, pids: [server.pid] };
  const workers = await server.waitForLines(/msg="worker listening" worker=\d+ pid=(\d+)/g, processes);
  await server.waitForLines(/msg="vanity listening" .* worker=\d+\n/g, processes);
  return { server, pids: [server.pid, ...workers.map((m) => Number(m[1]))] };
}

async function measure(postgresUrl: string, input: BenchInput, processes: number, connections: number, options: ClusterCpuOptions): Promise<CpuRun> {
  const schema = await createTestSchema(postgresUrl);
  let server: ChildServer | undefined;
  try {
    const started = await startServer(schema.url, processes);
    server = started.server;
    const { ids, drains } = await provisionResources(server.port, options.resources);
    const requests = drainRequests(input, options.warmup + options.requests, drains);
    const warmup = requests.slice(0, options.warmup);
    const measured = requests.slice(options.warmup);
    const warm = await runLoad(server.port, warmup, connections, options.maxSeconds * 1000);
    const cpuBefore = started.pids.map(cpuSecondsOf);
    const preemptedBefore = started.pids.map(preemptionsOf);
    const load = await runLoad(server.port, measured, connections, options.maxSeconds * 1000);
    const cpuAfter = started.pids.map(cpuSecondsOf);
    const preemptedAfter = started.pids.map(preemptionsOf);
    await server.stop();
    const routerLinesOf = (list: (LoadRequest & { routerLines: number })[], indexes: number[]) => indexes.reduce((n, i) => n + (list[i]?.routerLines ?? 0), 0);
    const routerLines = routerLinesOf(measured, load.acknowledgedIndexes);
    const statuses: Record<number, number> = { ...warm.statuses };
    for (const [status, n] of Object.entries(load.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
    return {
      processes,
      connections,
      cpuSeconds: cpuAfter.reduce((sum, after, i) => sum + after - (cpuBefore[i] ?? 0), 0),
      preemptions: preemptedAfter.reduce((sum, after, i) => sum + after - (preemptedBefore[i] ?? 0), 0),
      primaryCpuSeconds: processes > 1 ? (cpuAfter[0] ?? 0) - (cpuBefore[0] ?? 0) : 0,
      routerLines,
      seconds: load.elapsedMs / 1000,
      counted: await countedIn(schema.url, ids),
      expected: routerLinesOf(warmup, warm.acknowledgedIndexes) + routerLines,
      statuses,
    };
  } finally {
    await server?.stop();
    await schema.drop();
  }
}

export interface ClusterRound {
  one: CpuRun;
  /** The cluster with `connections` per worker, and with `connections` in total. */
  two: CpuRun;
  twoSplit: CpuRun;
}

const describeRun = (run: CpuRun): string =>
  `${fmt(perMillion(run), 2)} CPU s per M lines${run.processes > 1 ? ` (primary ${fmt((run.primaryCpuSeconds / run.routerLines) * 1e6, 3)})` : ''} at ${fmt(linesPerSec(run))} lines/s, ${fmt((run.preemptions / run.routerLines) * 1000, 2)} preemptions per k lines`;

/** `rounds` rounds of the three runs, the order reversed every other round so a machine getting busier charges them alike. */
export async function benchClusterCpu(input: BenchInput, postgresUrl: string, options: ClusterCpuOptions): Promise<ClusterRound[]> {
  const rounds: ClusterRound[] = [];
  const c = options.connections;
  const plan: [keyof ClusterRound, number, number][] = [
    ['one', 1, c],
    ['two', 2, 2 * c],
    ['twoSplit', 2, c],
  ];
  for (let round = 1; round <= options.rounds; round++) {
    const runs: Partial<ClusterRound> = {};
    for (const [name, processes, connections] of round % 2 === 1 ? plan : [...plan].reverse()) {
      runs[name] = await measure(postgresUrl, input, processes, connections, options);
    }
    const { one, two, twoSplit } = runs as ClusterRound;
    rounds.push({ one, two, twoSplit });
    console.log(`(e) round ${round}: 1 process, ${c} connections: ${describeRun(one)}`);
    console.log(`(e)          cluster of 2, ${2 * c} connections: ${describeRun(two)}: CPU ${fmt(perMillion(two) / perMillion(one), 2)}×, throughput ${fmt(linesPerSec(two) / linesPerSec(one), 2)}×`);
    console.log(`(e)          cluster of 2, ${c} connections: ${describeRun(twoSplit)}: CPU ${fmt(perMillion(twoSplit) / perMillion(one), 2)}×, throughput ${fmt(linesPerSec(twoSplit) / linesPerSec(one), 2)}×`);
  }
  return rounds;
}

const range = (values: number[], digits: number): string => `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

/** The figures for the bench table, on TEST_DATABASE_URL or a throwaway database on 127.0.0.1:5432. */
export async function clusterCpuFigures(input: BenchInput, options: ClusterCpuOptions): Promise<{ rows: Row[]; correct: boolean }> {
  const postgres = await findTestPostgres();
  if ('skipped' in postgres) {
    console.log(`(e) cluster CPU skipped: ${postgres.skipped}`);
    return { rows: [{ measure: 'CPU per line, 2 processes vs 1', goal: '≤ 1.1×', measured: 'skipped: no PostgreSQL', ok: null }], correct: true };
  }
  try {
    const rounds = await benchClusterCpu(input, postgres.url, options);
    const runs = rounds.flatMap((r) => [r.one, r.two, r.twoSplit]);
    for (const run of runs) {
      console.log(`(e) ${run.processes === 1 ? 'single process' : 'cluster of 2'}, ${run.connections} connections: counted ${fmt(run.counted)} of ${fmt(run.expected)}, statuses ${JSON.stringify(run.statuses)}`);
    }
    const exact = runs.every((run) => run.counted === run.expected);
    const ratioRow = (measure: string, goal: string, pick: (r: ClusterRound) => CpuRun, limit: number | null): Row => {
      const cpu = rounds.map((r) => perMillion(pick(r)) / perMillion(r.one));
      const speed = rounds.map((r) => linesPerSec(pick(r)) / linesPerSec(r.one));
      return {
        measure,
        goal,
        measured:
          `CPU ${fmt(median(cpu), 2)}× (${range(cpu, 2)}; ${range(rounds.map((r) => perMillion(pick(r))), 2)} vs ${range(rounds.map((r) => perMillion(r.one)), 2)} CPU s per M lines), ` +
          `throughput ${fmt(median(speed), 2)}× (${range(speed, 2)})`,
        ok: limit === null ? null : median(cpu) <= limit,
      };
    };
    const c = options.connections;
    return {
      correct: exact,
      rows: [
        ratioRow(`CPU per line, 2 processes vs 1 (${c} connections each)`, '≤ 1.1×', (r) => r.two, 1.1),
        ratioRow(`  the same load split (${c} connections in all)`, '—', (r) => r.twoSplit, null),
        { measure: 'cluster counted = acknowledged', goal: 'equal', measured: exact ? `equal in all ${runs.length} runs` : 'MISMATCH (see above)', ok: exact },
      ],
    };
  } finally {
    await postgres.cleanup();
  }
}
