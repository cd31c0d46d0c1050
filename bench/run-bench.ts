import { spawnSync } from 'node:child_process';
import { generateInput } from './bench-input.js';
import { measureDbSize } from './db-size.js';
import { clusterCpuFigures } from './cluster-cpu.js';
import { benchIngest, median } from './ingest-throughput.js';
import { measureInstructions, STEPS } from './instructions.js';
import { benchParser } from './parser-throughput.js';
import { benchPluginStartup } from './plugin-startup.js';
import { postgresScaleFigures } from './postgres-scale.js';
import { formatTable } from './summary-table.js';
import type { Row } from './summary-table.js';

/**
 * `npm run bench [-- parser ingest instructions db postgres cluster plugin]`: every benchmark on the same generated traffic, each
 * against a baseline measured in the same run. Knobs (env): see bench/README.md.
 */

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes: number): string => `${fmt(bytes / 1048576, 2)} MiB`;
const short = (n: number): string => (n >= 1e6 ? `${fmt(n / 1e6, 1)}M` : `${fmt(n / 1e3, 0)}k`);
const times = (n: number): string => `${fmt(n, 2)}×`;

/** Issue 15's starting point (main on 2026-12-08, bench/README.md): each step must cost less. */
const INSTRUCTIONS_BEFORE = { parser: 11_257, deltas: 2_970, pack: 329 } as const;

function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version']).status === 0;
}

async function main(): Promise<void> {
  const selected = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['parser', 'ingest', 'instructions', 'db', 'postgres', 'cluster', 'plugin']);
  const rows: Row[] = [];
  let correct = true;

  const now = Date.now();
  const input = generateInput({ lines: env('BENCH_LINES', 150_000), startMs: now - 3_600_000, spanMs: 3_600_000 });
  console.log(`input: ${fmt(input.lines)} lines (${fmt(input.routerLines)} router lines) in ${input.bodies.length} bodies of ~100 KiB, ${fmt(input.bytes / 1048576, 1)} MiB`);

  if (selected.has('parser')) {
    const r = benchParser(input, env('BENCH_PARSER_SECONDS', 6));
    console.log(`(a) parser: parseDrainBody ${fmt(r.vanityLinesPerSec)} lines/s, logfmt ${fmt(r.logfmtLinesPerSec)} lines/s`);
    rows.push({ measure: 'parser lines/s vs logfmt', goal: '≥ 15×', measured: `${times(r.ratio)} (${fmt(r.vanityLinesPerSec)} vs ${fmt(r.logfmtLinesPerSec)})`, ok: r.ratio >= 15 });
  }

  if (selected.has('ingest')) {
    const r = await benchIngest(input, {
      requests: env('BENCH_INGEST_REQUESTS', 1000),
      connections: env('BENCH_INGEST_CONNECTIONS', 16),
      maxSeconds: env('BENCH_INGEST_SECONDS', 30),
      rounds: env('BENCH_INGEST_ROUNDS', 5),
    });
    r.rounds.forEach(({ vanity, discard, ratio }, i) => {
      console.log(
        `(b) ingest round ${i + 1}: ${times(ratio)} Vanity ${fmt(vanity.postsPerSec)} POST/s ${fmt(vanity.linesPerSec)} lines/s ${fmt(vanity.cpuMsPerPost, 2)} ms CPU/POST` +
          ` (${vanity.load.acknowledged}/${vanity.load.sent} acknowledged in ${fmt(vanity.load.elapsedMs / 1000, 1)} s); discard ${fmt(discard.postsPerSec)} POST/s ${fmt(discard.linesPerSec)} lines/s ${fmt(discard.cpuMsPerPost, 2)} ms CPU/POST`,
      );
    });
    const ratios = r.rounds.map((round) => round.ratio);
    const countOk = r.counted === r.expected && Object.keys(r.refused).length === 0;
    correct &&= countOk;
    rows.push({
      measure: 'ingest POST/s vs raw node:http',
      goal: '≥ 0.5×',
      measured: `${times(r.ratio)} median of ${ratios.length} rounds (${times(Math.min(...ratios))}–${times(Math.max(...ratios))})`,
      ok: r.ratio >= 0.5,
    });
    rows.push({ measure: '  CPU per POST, Vanity vs discard', goal: '—', measured: `${fmt(median(r.rounds.map((x) => x.vanity.cpuMsPerPost)), 2)} vs ${fmt(median(r.rounds.map((x) => x.discard.cpuMsPerPost)), 2)} ms (medians)`, ok: null });
    rows.push({ measure: 'ingest time to 2xx (Vanity)', goal: '—', measured: `p50 ${fmt(r.p50Ms, 1)} ms, p99 ${fmt(r.p99Ms, 1)} ms`, ok: null });
    rows.push({
      measure: 'requests counted = router lines acknowledged',
      goal: 'equal',
      measured: `${fmt(r.counted)} counted, ${fmt(r.expected)} acknowledged${countOk ? '' : `, refused ${JSON.stringify(r.refused)}`}`,
      ok: countOk,
    });
  }

  if (selected.has('instructions')) {
    if (!hasValgrind()) {
      rows.push({ measure: 'instructions per router line', goal: '—', measured: 'skipped: no valgrind', ok: null });
    } else {
      for (const r of measureInstructions(STEPS)) {
        const before = INSTRUCTIONS_BEFORE[r.step];
        rows.push({ measure: `instructions per router line: ${r.step}`, goal: `< ${fmt(before)} (before)`, measured: fmt(r.perLine), ok: r.perLine < before });
      }
    }
  }

  if (selected.has('db')) {
    const options = { requests: env('BENCH_DB_REQUESTS', 1_000_000), hours: env('BENCH_DB_HOURS', 24), concurrency: 4 };
    const small = await measureDbSize(input, options);
    const large = await measureDbSize(input, { ...options, requests: options.requests * 10 });
    for (const r of [small, large]) {
      const tables = Object.entries(r.tables)
        .filter(([, bytes]) => bytes > 8192)
        .map(([name, bytes]) => `${name} ${fmt(bytes / 1024)} KiB`)
        .join(', ');
      const rowsByLevel = Object.entries(r.rowsByLevel).map(([name, n]) => `${name} ${fmt(n)}`).join(', ');
      console.log(`(c) ${fmt(r.requests)} requests over ${options.hours} h: ${mib(r.bytes)} in ${fmt(r.seconds, 1)} s`);
      console.log(`      with frame ids still kept ${mib(r.bytesWithFrames)}: ${tables}`);
      console.log(`      count rows by level and dimension: ${rowsByLevel}`);
    }
    const ratio = large.bytes / small.bytes;
    rows.push({ measure: `DB size ${short(large.requests)} vs ${short(small.requests)} requests`, goal: '≤ 1.1×', measured: `${times(ratio)} (${mib(large.bytes)} vs ${mib(small.bytes)})`, ok: ratio <= 1.1 });
    rows.push({ measure: '  the same, frame ids (2 h window) kept', goal: '—', measured: `${times(large.bytesWithFrames / small.bytesWithFrames)} (${mib(large.bytesWithFrames)} vs ${mib(small.bytesWithFrames)})`, ok: null });
  }

  if (selected.has('postgres')) {
    const r = await postgresScaleFigures(input, {
      requests: env('BENCH_SCALE_REQUESTS', 1200),
      rounds: env('BENCH_SCALE_ROUNDS', 3),
      connections: env('BENCH_INGEST_CONNECTIONS', 4),
      maxSeconds: env('BENCH_INGEST_SECONDS', 30),
      resources: env('BENCH_SCALE_RESOURCES', 4),
    });
    rows.push(...r.rows);
    correct &&= r.correct;
  }

  if (selected.has('cluster')) {
    const r = await clusterCpuFigures(input, {
      requests: env('BENCH_CLUSTER_REQUESTS', 1500),
      warmup: env('BENCH_CLUSTER_WARMUP', 300),
      rounds: env('BENCH_CLUSTER_ROUNDS', 3),
      connections: env('BENCH_CLUSTER_CONNECTIONS', 16),
      maxSeconds: env('BENCH_INGEST_SECONDS', 30),
      resources: env('BENCH_SCALE_RESOURCES', 4),
    });
    rows.push(...r.rows);
    correct &&= r.correct;
  }

  if (selected.has('plugin')) {
    const r = await benchPluginStartup({ runs: env('BENCH_PLUGIN_RUNS', 15) });
    const ms = (n: number): string => `${fmt(n)} ms`;
    console.log(`(plugin) start-up, ${r.runs} alternating rounds: heroku config ${ms(r.config.wallMs)} wall (${r.config.wallRangeMs.map(ms).join('–')}), ${ms(r.config.cpuMs)} CPU`);
    console.log(`                 heroku vanity:counts ${ms(r.counts.wallMs)} wall (${r.counts.wallRangeMs.map(ms).join('–')}), ${ms(r.counts.cpuMs)} CPU`);
    rows.push({ measure: 'heroku vanity:counts vs heroku config, wall', goal: '≤ 1.15×', measured: `${times(r.wallRatio)} (${ms(r.counts.wallMs)} vs ${ms(r.config.wallMs)})`, ok: r.wallRatio <= 1.15 });
    rows.push({ measure: '  the same, CPU of the CLI process', goal: '—', measured: `${times(r.cpuRatio)} (${ms(r.counts.cpuMs)} vs ${ms(r.config.cpuMs)})`, ok: null });
  }

  console.log(`\n${formatTable(rows)}`);
  if (!correct) {
    console.error('\nA correctness check failed (see the table).');
    process.exitCode = 1;
  }
}

await main();
