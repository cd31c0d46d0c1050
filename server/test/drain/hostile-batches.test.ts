import { expect } from 'chai';
import { collidingPaths } from '../support/hash-collision.js';
import { drainMessage, logplexBody, routerLine } from '../support/logplex.js';
import { holdFirstCommit } from '../support/held-commits.js';
import type { HeldCommits } from '../support/held-commits.js';
import { fetchWithUserinfo, provision } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import type { Dimension } from '../../src/model/levels.js';
import type { Resource } from '../../src/model/resource.js';

const at = (second: number) => `2026-11-23T10:15:${String(second).padStart(2, '0')}.000000+00:00`;
const BYSTANDERS = 20;

/**
 * Values anyone can put into a router line (a request path, or a forged drain body), each of
 * which failed PostgreSQL's shared group commit, and so every batch in it, before keys were
 * made safe: the line, and what it is counted under.
 */
const POISONS: { name: string; line: string; expect: { dim: Dimension; key: string } | 'parse error' }[] = [
  { name: 'a /%00 path', line: routerLine(at(5), { path: '/%00' }), expect: { dim: 'path', key: '/%00' } },
  { name: 'a NUL byte in a path', line: routerLine(at(5), { path: '/a\u0000b' }), expect: { dim: 'path', key: '/a%00b' } },
  { name: 'a NUL method', line: routerLine(at(5), { method: 'G\u0000T' }), expect: { dim: 'method', key: 'G%00T' } },
  { name: 'a NUL dyno', line: routerLine(at(5), { dyno: 'web\u0000.1' }), expect: { dim: 'dyno', key: 'web%00.1' } },
  { name: 'a 3 kB method', line: routerLine(at(5), { method: 'M'.repeat(3000) }), expect: { dim: 'method', key: `${'M'.repeat(23)}…` } },
  {
    name: 'an L10 count of 2^63',
    line: drainMessage(`${at(5)} heroku[logplex]: Error L10 (output buffer overflow): 9223372036854775808 messages dropped since ${at(0)}.`, 172),
    expect: 'parse error',
  },
  {
    name: 'an L10 count of 400 digits',
    line: drainMessage(`${at(5)} heroku[logplex]: Error L10 (output buffer overflow): ${'9'.repeat(400)} messages dropped since ${at(0)}.`, 172),
    expect: 'parse error',
  },
];

describe('drain: hostile values in one batch cost no other batch', () => {
  let server: TestServer;
  let held: HeldCommits;
  let logs: string[];
  let target: Provisioned;
  let bystander: Provisioned;

  beforeEach(async () => {
    held = holdFirstCommit();
    logs = [];
    server = await startTestServer({}, { log: (line) => logs.push(line), commitHooks: held.hooks });
    [target, bystander] = [await provision(server), await provision(server)];
  });
  afterEach(() => server.stop());

  let frame = 0;
  const post = (drain: Provisioned, body: Buffer) =>
    fetchWithUserinfo(drain.logDrainUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/logplex-1', 'logplex-drain-token': drain.logDrainToken, 'logplex-frame-id': `F${++frame}` },
      body,
    });
  const seqOf = async (drain: Provisioned) => ((await server.store.getResource(drain.id)) as Resource).seq;
  async function hourCounts(drain: Provisioned, dim: Dimension): Promise<Record<string, number>> {
    const rows = await server.store.readCounts({ resourceSeq: await seqOf(drain), level: 'hour', from: 0, to: 2 ** 40, dims: [dim] });
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  for (const poison of POISONS) {
    it(`answers 204 to a batch with ${poison.name} and to ${BYSTANDERS} batches committed with it, counting every good line`, async () => {
      // The first commit (a bystander's batch) is held, so the poisoned batch and the 20 others queue for one commit.
      const first = post(bystander, logplexBody([routerLine(at(1))]));
      await held.held;
      const queued = held.queued(BYSTANDERS + 1);
      const poisoned = post(target, logplexBody([routerLine(at(2), { path: '/good' }), poison.line, routerLine(at(3), { path: '/good' })]));
      const others = Array.from({ length: BYSTANDERS }, (_, i) => post(bystander, logplexBody([routerLine(at(10), { path: `/b${i % 4}` }), routerLine(at(11))])));
      await queued;
      held.release();
      const statuses = await Promise.all([first, poisoned, ...others].map(async (res) => (await res).status));

      expect(statuses).to.deep.equal(Array(BYSTANDERS + 2).fill(204));
      expect(held.groups.slice(0, 2)).to.deep.equal([1, BYSTANDERS + 1]);
      const targetTotals = await server.store.readTotals(await seqOf(target));
      if (poison.expect === 'parse error') {
        expect(targetTotals).to.deep.equal({ requests: 2, lostLines: 0, parseErrors: 1 });
      } else {
        expect(targetTotals).to.deep.equal({ requests: 3, lostLines: 0, parseErrors: 0 });
        expect(await hourCounts(target, poison.expect.dim)).to.have.property(poison.expect.key, 1);
      }
      expect((await hourCounts(target, 'path'))['/good']).to.equal(2);
      expect(await server.store.readTotals(await seqOf(bystander))).to.deep.equal({ requests: 1 + 2 * BYSTANDERS, lostLines: 0, parseErrors: 0 });
      expect(await hourCounts(bystander, 'path')).to.deep.equal({ '/': 1 + BYSTANDERS, '/b0': 5, '/b1': 5, '/b2': 5, '/b3': 5 });
    });
  }

  it('names at most 32 methods per hour and counts the rest under (other), on every dimension the same way', async () => {
    held.release();
    const lines = Array.from({ length: 40 }, (_, i) => routerLine(at(1), { method: `M${i}`, dyno: `web.${i}` }));
    expect((await post(target, logplexBody(lines))).status).to.equal(204);
    const methods = await hourCounts(target, 'method');
    expect(Object.keys(methods)).to.have.length(33);
    expect(methods['(other)']).to.equal(8);
    expect(methods.M0).to.equal(1);
    expect(Object.keys(await hourCounts(target, 'dyno'))).to.have.length(40);
  });

  it("keeps two resources' paths apart when the paths collide in the parser's hashes", async () => {
    held.release();
    const [a, b] = collidingPaths();
    expect(a).not.to.equal(b);
    expect((await post(target, logplexBody([routerLine(at(1), { path: a })]))).status).to.equal(204);
    expect((await post(bystander, logplexBody([routerLine(at(2), { path: b }), routerLine(at(3), { method: 'GET' })]))).status).to.equal(204);
    expect(await hourCounts(target, 'path')).to.deep.equal({ [a]: 1 });
    expect(await hourCounts(bystander, 'path')).to.deep.equal({ [b]: 1, '/': 1 });
  });
});
