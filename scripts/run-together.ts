/**
 * `tsx scripts/run-together.ts "<command>" "<command>" …`: runs the commands at the same time
 * (the unit tier's server and plugin suites: one often waits on timers and sockets while the
 * other computes), prints each one's output whole once it ends, so the two never interleave,
 * and exits 1 when any failed.
 */
import { spawn } from 'node:child_process';

function runBuffered(command: string): Promise<{ command: string; ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('close', (code) => resolve({ command, ok: code === 0, output: Buffer.concat(chunks).toString() }));
  });
}

const commands = process.argv.slice(2);
const results = await Promise.all(
  commands.map(async (command) => {
    const result = await runBuffered(command);
    process.stdout.write(`\n=== ${command}\n${result.output}`);
    return result;
  }),
);
for (const { command, ok } of results) console.log(`*** ${command}: ${ok ? 'passed' : 'FAILED'}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
