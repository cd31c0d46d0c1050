/**
 * Instructions per router line of the built parser, counted by valgrind (callgrind): repeatable
 * on a busy machine where timings are not. Parses the same bodies for two numbers of rounds
 * under `valgrind --tool=callgrind node --single-threaded --predictable` and divides the
 * difference of the two counts by the difference in router lines parsed, so start-up, module
 * loading and most of the JIT's work cancel out.
 * Run: npm run build -w server && npx tsx bench/parser-instructions.ts [rounds-short rounds-long]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateInput } from './bench-input.js';

const [short, long] = (process.argv.length > 3 ? process.argv.slice(2, 4) : ['20', '120']).map(Number) as [number, number];
const dir = mkdtempSync(join(tmpdir(), 'vanity-callgrind-'));
const parser = fileURLToPath(new URL('../server/dist/parse/drain-body.js', import.meta.url));
const input = generateInput({ lines: 3000, startMs: Date.parse('2026-11-23T10:00:00Z'), spanMs: 60_000 });
const bodyFile = join(dir, 'bodies.json');
writeFileSync(bodyFile, JSON.stringify(input.bodies.map((b) => b.body.toString('latin1'))));
const loop = join(dir, 'loop.mjs');
writeFileSync(
  loop,
  `import { readFileSync } from 'node:fs';
const { parseDrainBody } = await import(${JSON.stringify(parser)});
const bodies = JSON.parse(readFileSync(${JSON.stringify(bodyFile)}, 'utf8')).map((b) => Buffer.from(b, 'latin1'));
let requests = 0;
for (let r = 0; r < Number(process.argv[2]); r++) for (const body of bodies) requests += parseDrainBody(body).requests.length;
console.log(requests);
`,
);

function instructions(rounds: number): { ir: number; requests: number } {
  const out = join(dir, `callgrind.${rounds}`);
  const stdout = execFileSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', '--predictable', loop, String(rounds)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const summary = /^summary: (\d+)/m.exec(readFileSync(out, 'utf8'));
  if (!summary) throw new Error('no summary line in the callgrind output');
  return { ir: Number(summary[1]), requests: Number(stdout.trim()) };
}

try {
  const a = instructions(short);
  const b = instructions(long);
  const perLine = (b.ir - a.ir) / (b.requests - a.requests);
  console.log(`router lines: ${a.requests} (${short} rounds), ${b.requests} (${long} rounds); instructions: ${a.ir}, ${b.ir}`);
  console.log(`instructions per router line: ${perLine.toFixed(0)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
