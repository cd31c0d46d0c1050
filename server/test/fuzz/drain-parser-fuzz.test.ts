import { expect } from 'chai';
import fc from 'fast-check';
import { parseDrainBody } from '../../src/parse/drain-body.js';
import { safeDimensionKey } from '../../src/sanitise/dimension-key.js';
import { drainBody } from './drain-bodies.js';
import { FUZZ_SEED } from './fuzz-targets.js';

/** In its own file (not drain-fuzz.test.ts's) so that mocha's parallel workers can run it beside the server fuzz. */
const PARSER_CASES = Number(process.env.PARSER_CASES ?? 10_000);

describe('drain parser fuzz (fast-check, fixed seed)', () => {
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
});
