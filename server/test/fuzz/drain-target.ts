import fc from 'fast-check';
import type { Dimension } from '../../src/model/levels.js';
import type { Resource } from '../../src/model/resource.js';
import { fetchWithUserinfo, provision } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { drainBody, FUZZ_HOUR, FUZZ_TIME } from './drain-bodies.js';
import type { FuzzBody } from './drain-bodies.js';
import type { FuzzReport, FuzzTarget } from './fuzz-targets.js';

/**
 * The drain target: each case posts a generated body to one resource and, at the same moment, a
 * good batch to a bystander resource, then checks on the store that the body counted exactly
 * its oracle (requests, lost lines, path and method keys; no parse error unless damaged, at
 * least the certain ones), that both got 2xx, and that the bystander counted its batch.
 */

const BYSTANDER_BODY = Buffer.from(
  [0, 1, 2]
    .map((i) => `<158>1 ${FUZZ_TIME} host heroku router - at=info method=GET path="/b${i}" dyno=web.1 connect=0ms service=1ms status=200 bytes=1\n`)
    .map((m) => `${Buffer.byteLength(m)} ${m}`)
    .join(''),
);
const KEY_DIMS: readonly Dimension[] = ['path', 'method'];

interface Counts {
  requests: number;
  lostLines: number;
  parseErrors: number;
  keys: Map<string, number>;
}

export const drainTarget: FuzzTarget = {
  name: 'drain',
  async run(server, { cases, seed }) {
    const [target, bystander] = [await provision(server), await provision(server)];
    const seqOf = async (p: Provisioned) => ((await server.store.getResource(p.id)) as Resource).seq;
    const [targetSeq, bystanderSeq] = [await seqOf(target), await seqOf(bystander)];
    const read = async (seq: number): Promise<Counts> => {
      const rows = await server.store.readCounts({ resourceSeq: seq, level: 'hour', from: FUZZ_HOUR, to: FUZZ_HOUR + 3600, dims: KEY_DIMS });
      return { ...(await server.store.readTotals(seq)), keys: new Map(rows.map((r) => [`${r.dim}=${r.key}`, r.n])) };
    };
    let frame = 0;
    const post = (p: Provisioned, body: Buffer) =>
      fetchWithUserinfo(p.logDrainUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/logplex-1', 'logplex-drain-token': p.logDrainToken, 'logplex-frame-id': `FUZZ-${++frame}` },
        body,
      });

    const report: FuzzReport & { lost: number; bystanderLost: number } = { target: 'drain', cases: 0, statuses: {}, failures: 0, lost: 0, bystanderLost: 0 };
    const count = (status: number) => (report.statuses[status] = (report.statuses[status] ?? 0) + 1);
    let before = await read(targetSeq);
    let bystanderBefore = (await server.store.readTotals(bystanderSeq)).requests;

    const property = fc.asyncProperty(drainBody, async ({ body, expected }: FuzzBody) => {
      report.cases++;
      const [res, bystanderRes] = await Promise.all([post(target, body), post(bystander, BYSTANDER_BODY)]);
      count(res.status);
      count(bystanderRes.status);
      const after = await read(targetSeq);
      const bystanderAfter = (await server.store.readTotals(bystanderSeq)).requests;
      const counted = after.requests - before.requests;
      report.lost += Math.max(0, expected.requests - counted);
      report.bystanderLost += Math.max(0, 3 - (bystanderAfter - bystanderBefore));
      const keyDelta = new Map<string, number>();
      for (const [key, n] of after.keys) if (n !== (before.keys.get(key) ?? 0)) keyDelta.set(key, n - (before.keys.get(key) ?? 0));
      const errors = after.parseErrors - before.parseErrors;
      const problems = [
        res.status !== 204 && `status ${res.status}`,
        bystanderRes.status !== 204 && `bystander status ${bystanderRes.status}`,
        bystanderAfter - bystanderBefore !== 3 && `bystander counted ${bystanderAfter - bystanderBefore} of 3`,
        counted !== expected.requests && `counted ${counted} requests, expected ${expected.requests}`,
        after.lostLines - before.lostLines !== expected.lost && `lost ${after.lostLines - before.lostLines}, expected ${expected.lost}`,
        !sameCounts(keyDelta, expected.keys) && `keys ${JSON.stringify([...keyDelta])}, expected ${JSON.stringify([...expected.keys])}`,
        !expected.damaged && errors !== expected.certainErrors && `${errors} parse errors, expected ${expected.certainErrors}`,
        errors < expected.certainErrors && `${errors} parse errors, expected at least ${expected.certainErrors}`,
      ].filter((p): p is string => typeof p === 'string');
      before = after;
      bystanderBefore = bystanderAfter;
      if (problems.length > 0) {
        report.failures++;
        throw new Error(problems.join('; '));
      }
    });
    const result = await fc.check(property, { numRuns: cases, seed, endOnFailure: true });
    if (result.failed) report.counterexample = fc.defaultReportMessage(result) ?? 'failed';
    return report;
  },
};

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a].every(([key, n]) => b.get(key) === n);
}

