/**
 * Instructions per router line of the built ingest steps, counted by valgrind (callgrind):
 * repeatable on a busy machine where timings are not. Each step runs over the same bodies for
 * two numbers of rounds under `valgrind --tool=callgrind node --single-threaded --predictable`,
 * and the difference of the two counts is divided by the difference in router lines, so
 * start-up, module loading, the set-up outside the loop and most of the JIT's work cancel out.
 * Steps: `parser` (parseDrainBody), `deltas` (batchDeltas with the real key cap, on bodies
 * parsed before the loop), `pack` (packBatches of groups of 8 batches, as the SQLite writer
 * thread gets them).
 * Run: npm run build -w server && npx tsx bench/instructions.ts [step…] [--rounds 20,120]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateInput } from './bench-input.js';

export const STEPS = ['parser', 'deltas', 'pack'] as const;
export type Step = (typeof STEPS)[number];

export interface StepInstructions {
  step: Step;
  perLine: number;
  rounds: [number, number];
  routerLines: [number, number];
  instructions: [number, number];
}

const dist = (path: string): string => JSON.stringify(pathToFileURL(fileURLToPath(new URL(`../server/dist/${path}`, import.meta.url))).href);

/** Reads the bodies; `ROUNDS` rounds of the step; prints the router lines it went over. */
const PRELUDE = `import { readFileSync } from 'node:fs';
const { parseDrainBody } = await import(${dist('parse/drain-body.js')});
const bodies = JSON.parse(readFileSync(process.argv[3], 'utf8')).map((b) => Buffer.from(b, 'latin1'));
const ROUNDS = Number(process.argv[2]);
let requests = 0;
`;

const LOOPS: Record<Step, string> = {
  parser: `for (let r = 0; r < ROUNDS; r++) for (const body of bodies) requests += parseDrainBody(body).requests.length;`,
  deltas: `const { batchDeltas } = await import(${dist('aggregate/batch-deltas.js')});
const { createKeyCap } = await import(${dist('aggregate/key-cap.js')});
const parsed = bodies.map(parseDrainBody);
const cap = createKeyCap({ readCounts: async () => [] });
const options = { zone: 'UTC', keysFor: (day, hour) => cap.forHour(1, day, hour) };
for (let r = 0; r < ROUNDS; r++) for (const p of parsed) {
  await batchDeltas(p, options);
  requests += p.requests.length;
}`,
  pack: `const { batchDeltas } = await import(${dist('aggregate/batch-deltas.js')});
const { buildBatch } = await import(${dist('aggregate/ingest.js')});
const { createKeyCap } = await import(${dist('aggregate/key-cap.js')});
const { packBatches } = await import(${dist('store/sqlite/packed-batches.js')});
const cap = createKeyCap({ readCounts: async () => [] });
const options = { zone: 'UTC', keysFor: (day, hour) => cap.forHour(1, day, hour) };
const batches = [];
for (const body of bodies) {
  const p = parseDrainBody(body);
  batches.push(buildBatch({ seq: 1 }, p, 'F', await batchDeltas(p, options)));
}
for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < batches.length; i += 8) {
  const group = batches.slice(i, i + 8);
  packBatches(group);
  for (const b of group) requests += b.totals.requests;
}`,
};

function count(dir: string, step: Step, bodyFile: string, rounds: number): { ir: number; requests: number } {
  const loop = join(dir, `${step}.mjs`);
  writeFileSync(loop, `${PRELUDE}${LOOPS[step]}\nconsole.log(requests);\n`);
  const out = join(dir, `callgrind.${step}.${rounds}`);
  const stdout = execFileSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', '--predictable', loop, String(rounds), bodyFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const summary = /^summary: (\d+)/m.exec(readFileSync(out, 'utf8'));
  if (!summary) throw new Error('no summary line in the callgrind output');
  return { ir: Number(summary[1]), requests: Number(stdout.trim()) };
}

/** Needs `npm run build -w server` and valgrind. */
export function measureInstructions(steps: readonly Step[], rounds: [number, number] = [20, 120]): StepInstructions[] {
  const dir = mkdtempSync(join(tmpdir(), 'vanity-callgrind-'));
  try {
    const input = generateInput({ lines: 3000, startMs: Date.parse('2026-11-23T10:00:00Z'), spanMs: 60_000 });
    const bodyFile = join(dir, 'bodies.json');
    writeFileSync(bodyFile, JSON.stringify(input.bodies.map((b) => b.body.toString('latin1'))));
    return steps.map((step) => {
      const a = count(dir, step, bodyFile, rounds[0]);
      const b = count(dir, step, bodyFile, rounds[1]);
      return { step, perLine: (b.ir - a.ir) / (b.requests - a.requests), rounds, routerLines: [a.requests, b.requests], instructions: [a.ir, b.ir] };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isStep(name: string): name is Step {
  return (STEPS as readonly string[]).includes(name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? ((args.splice(roundsAt, 2)[1] ?? '').split(',').map(Number) as [number, number]) : undefined;
  const unknown = args.filter((a) => !isStep(a));
  if (unknown.length > 0) throw new Error(`unknown step ${unknown.join(', ')}; steps: ${STEPS.join(', ')}`);
  for (const r of measureInstructions(args.length > 0 ? (args as Step[]) : STEPS, rounds)) {
    console.log(`${r.step}: ${r.perLine.toFixed(0)} instructions per router line (router lines ${r.routerLines.join(', ')}; instructions ${r.instructions.join(', ')})`);
  }
}
