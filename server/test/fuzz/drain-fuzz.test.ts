import { expect } from 'chai';
import { startTestServer } from '../support/test-server.js';
import { drainTarget } from './drain-target.js';
import { FUZZ_SEED, formatReport } from './fuzz-targets.js';

/** Cases per store in `npm test`; `npm run fuzz -- --cases 100000` for the long run. The parser's own fuzz: drain-parser-fuzz.test.ts. */
const SERVER_CASES = 1000;

describe('drain fuzz (fast-check, fixed seed)', () => {
  it(`answers 204 to ${SERVER_CASES} generated bodies ≤ 1 MiB, counts each exactly, and never costs a bystander batch`, async function () {
    this.timeout(180_000);
    const server = await startTestServer({}, { log: () => undefined });
    try {
      const started = performance.now();
      const report = await drainTarget.run(server, { cases: SERVER_CASES, seed: FUZZ_SEED });
      const line = formatReport(server.store.kind, report, (performance.now() - started) / 1000);
      expect(report.counterexample, line).to.equal(undefined);
      expect(report).to.deep.include({ cases: SERVER_CASES, failures: 0, statuses: { 204: 2 * SERVER_CASES }, lost: 0, bystanderLost: 0 });
    } finally {
      await server.stop();
    }
  });
});
