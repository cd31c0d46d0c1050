import { findTestPostgres } from '../../server/test/support/test-postgres.js';
import type { TestPostgres } from '../../server/test/support/test-postgres.js';

export { createTestSchema, dumpPostgresTable } from '../../server/test/support/test-postgres.js';

let found: Promise<TestPostgres> | undefined;

/** The PostgreSQL database of this run (see findTestPostgres), found once and shared by every file. */
export function testPostgres(): Promise<TestPostgres> {
  found ??= findTestPostgres();
  return found;
}

// Root hook: drop the throwaway database, or say loudly at the very end why PostgreSQL tests did not run.
after(async () => {
  if (!found) return;
  const postgres = await found;
  if ('skipped' in postgres) console.log(`\n*** PostgreSQL suite skipped: ${postgres.skipped}\n`);
  else await postgres.cleanup();
});
