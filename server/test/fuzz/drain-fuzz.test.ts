import { expect } from 'chai';
import fc from 'fast-check';
import { parseDrainBody } from '../../src/parse/drain-body.js';
import { safeDimensionKey } from '../../src/sanitise/dimension-key.js';
import { startTestServer } from '../support/test-server.js';
import { drainBody } from './drain-bodies.js';
import { drainTarget } from './drain-target.js';
import { FUZZ_SEED, formatReport } from './fuzz-targets.js';

/** Cases per store in `npm test`; `npm run fuzz -- --cases 100000` for the long run. */
const SERVER_CASES = 1000;
const PARSER_CASES = Number(process.env.PARSER_CASES ?? 10_000);

describe('drain fuzz (fast-check, fixed seed)', () => {
  it(`parses ${PARSER_CASES} generated bodies into exactly the requests, keys and lost lines they hold`, function () {
    this.timeout(600_000);
    fc.assert(
      fc.property(drainBody, ({ body, expected }) => {
        const parsed = parseDrainBody(body);
        const keys = new Map<string, number>();
        for (const r of parsed.requests) {
          for (const key of [`path=${r.path}`, `method=${safeDimensionKey('method', r.method)}`]) keys.set(key, (keys.get(key) ?? 0) + 1);
        }
        expect(parsed.requests.length).to.equal(expected.requests);
        expect(parsed.lost.reduce((sum, l) => sum + l.count, 0)).to.equal(expected.lost);
        expect([...keys].sort()).to.deep.equal([...expected.keys].sort());
        if (expected.damaged) expect(parsed.parseErrors).to.be.at.least(expected.certainErrors);
        else expect(parsed.parseErrors).to.equal(expected.certainErrors);
      }),
      { numRuns: PARSER_CASES, seed: FUZZ_SEED },
    );
  });

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
