/**
 * `npm test` of the server: the whole mocha suite against SQLite, then again against
 * PostgreSQL (TEST_DATABASE_URL, or a throwaway database on 127.0.0.1:5432). Without a
 * PostgreSQL server the second run cannot happen, and the last line says so.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { findTestPostgres } from './support/test-postgres.js';

const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');

function runMocha(label: string, env: Record<string, string>): Promise<boolean> {
  console.log(`\n=== server tests on ${label}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => resolve(code === 0));
  });
}

const summary: string[] = [];
const sqliteOk = await runMocha('SQLite', { VANITY_TEST_STORE: 'sqlite' });
summary.push(`SQLite suite ${sqliteOk ? 'passed' : 'FAILED'}`);

const postgres = await findTestPostgres();
let postgresOk = true;
if ('skipped' in postgres) {
  summary.push(`PostgreSQL suite skipped: ${postgres.skipped}`);
} else {
  try {
    postgresOk = await runMocha('PostgreSQL', { VANITY_TEST_STORE: 'postgres', TEST_DATABASE_URL: postgres.url });
  } finally {
    await postgres.cleanup();
  }
  summary.push(`PostgreSQL suite ${postgresOk ? 'passed' : 'FAILED'}`);
}

console.log(`\n${summary.map((line) => `*** ${line}`).join('\n')}\n`);
process.exitCode = sqliteOk && postgresOk ? 0 : 1;
