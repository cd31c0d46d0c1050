/**
 * The server's mocha suite on each store: `--store sqlite` (the unit tier: no PostgreSQL),
 * `--store postgres` (TEST_DATABASE_URL, or a throwaway database on 127.0.0.1:5432), or both
 * when no `--store` is given. Other arguments go to mocha. Without a PostgreSQL server the
 * PostgreSQL run cannot happen, and the last line says so.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { findTestPostgres } from './support/test-postgres.js';

const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');

type Store = 'sqlite' | 'postgres';

function parseArgs(argv: string[]): { stores: Store[]; mochaArgs: string[] } {
  const stores: Store[] = [];
  const mochaArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg === '--store' ? argv[++i] : arg.startsWith('--store=') ? arg.slice('--store='.length) : undefined;
    if (value === undefined) mochaArgs.push(arg);
    else if (value === 'sqlite' || value === 'postgres') stores.push(value);
    else throw new Error(`--store must be sqlite or postgres, got ${JSON.stringify(value)}`);
  }
  return { stores: stores.length > 0 ? stores : ['sqlite', 'postgres'], mochaArgs };
}

function runMocha(label: string, args: string[], env: Record<string, string>): Promise<boolean> {
  console.log(`\n=== server tests on ${label}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => resolve(code === 0));
  });
}

const { stores, mochaArgs } = parseArgs(process.argv.slice(2));
const summary: string[] = [];
let ok = true;

if (stores.includes('sqlite')) {
  const passed = await runMocha('SQLite', mochaArgs, { VANITY_TEST_STORE: 'sqlite' });
  summary.push(`SQLite suite ${passed ? 'passed' : 'FAILED'}`);
  ok &&= passed;
}

if (stores.includes('postgres')) {
  const postgres = await findTestPostgres();
  if ('skipped' in postgres) {
    summary.push(`PostgreSQL suite skipped: ${postgres.skipped}`);
  } else {
    try {
      const passed = await runMocha('PostgreSQL', mochaArgs, { VANITY_TEST_STORE: 'postgres', TEST_DATABASE_URL: postgres.url });
      summary.push(`PostgreSQL suite ${passed ? 'passed' : 'FAILED'}`);
      ok &&= passed;
    } finally {
      await postgres.cleanup();
    }
  }
}

console.log(`\n${summary.map((line) => `*** ${line}`).join('\n')}\n`);
process.exitCode = ok ? 0 : 1;
