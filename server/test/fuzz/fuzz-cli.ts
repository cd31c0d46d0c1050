/**
 * `npm run fuzz -- [--target drain|all] [--cases 100000] [--seed N] [--store sqlite|postgres|both]`:
 * runs fuzz targets against the real server on each store (PostgreSQL: TEST_DATABASE_URL, or a
 * throwaway database on 127.0.0.1:5432) and prints one line of figures per target and store.
 * Exits 1 when a case failed (with fast-check's shrunk counterexample) or a store was missing.
 */
import { parseArgs } from 'node:util';
import { findTestPostgres } from '../support/test-postgres.js';
import { startTestServer } from '../support/test-server.js';
import { FUZZ_SEED, formatReport } from './fuzz-targets.js';
import { FUZZ_TARGETS } from './targets.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'all' },
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(FUZZ_SEED) },
    store: { type: 'string', default: 'both' },
  },
});

function fail(message: string): never {
  console.error(`fuzz: ${message}`);
  process.exit(2);
}

const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isInteger(cases) || cases < 1) fail(`--cases must be a positive integer, got ${values.cases}`);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
const targets = values.target === 'all' ? [...FUZZ_TARGETS.values()] : [FUZZ_TARGETS.get(values.target as string) ?? fail(`--target must be one of all, ${[...FUZZ_TARGETS.keys()].join(', ')}`)];
const stores = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store as string];
if (!stores.every((s) => s === 'sqlite' || s === 'postgres')) fail(`--store must be sqlite, postgres or both, got ${values.store}`);

let ok = true;
for (const store of stores) {
  let cleanup = async () => undefined as void;
  if (store === 'postgres' && !process.env.TEST_DATABASE_URL) {
    const postgres = await findTestPostgres();
    if ('skipped' in postgres) {
      console.log(`fuzz store=postgres skipped: ${postgres.skipped}`);
      ok = false;
      continue;
    }
    process.env.TEST_DATABASE_URL = postgres.url;
    cleanup = async () => {
      await postgres.cleanup();
      delete process.env.TEST_DATABASE_URL;
    };
  }
  process.env.VANITY_TEST_STORE = store;
  try {
    for (const target of targets) {
      const server = await startTestServer({}, { log: () => undefined });
      const started = performance.now();
      try {
        const report = await target.run(server, { cases, seed });
        console.log(formatReport(store, report, (performance.now() - started) / 1000));
        if (report.counterexample) console.log(report.counterexample);
        ok &&= report.failures === 0;
      } finally {
        await server.stop();
      }
    }
  } finally {
    await cleanup();
  }
}
process.exitCode = ok ? 0 : 1;
