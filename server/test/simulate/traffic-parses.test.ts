import { expect } from 'chai';
import { parseDrainBody } from '../../src/parse/drain-body.js';
import { TARGET_BODY_BYTES, batchBuilder, overflowLine } from '../../src/simulate/logplex-batch.js';
import { routerTraffic } from '../../src/simulate/router-traffic.js';

const START_US = Date.parse('2026-11-23T10:00:00Z') * 1000;

describe('simulated traffic through the drain parser', () => {
  const traffic = routerTraffic({ seed: 5, app: 'shop', errorShare: 0.2 });
  const bodies = Array.from({ length: 6 }, (_, n) => {
    const builder = batchBuilder();
    builder.add(overflowLine(START_US, 100 + n, START_US - 60_000_000));
    while (builder.bytes < TARGET_BODY_BYTES) builder.add(traffic.line(START_US + builder.frames * 1000));
    return builder.finish({ frameId: 'D'.repeat(32) });
  });

  it('finds every frame, every router line and every L10 loss, with no parse errors', () => {
    for (const batch of bodies) {
      const parsed = parseDrainBody(batch.body);
      expect(parsed.frames).to.equal(batch.frames);
      expect(parsed.requests).to.have.length(batch.routerLines);
      expect(parsed.lost.reduce((sum, l) => sum + l.count, 0)).to.equal(batch.lostLines);
      expect(parsed.parseErrors).to.equal(0);
    }
  });

  it('reads the fields Vanity counts from both router forms and from error lines', () => {
    const requests = bodies.flatMap((b) => parseDrainBody(b.body).requests);
    expect(new Set(requests.map((r) => r.method))).to.include.members(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
    expect(requests.every((r) => r.time >= START_US / 1000)).to.equal(true);
    expect(requests.filter((r) => r.atError).every((r) => /^H\d\d$/.test(r.code))).to.equal(true);
    expect(requests.some((r) => r.code === 'H80' && !r.atError)).to.equal(true);
    expect(requests.some((r) => r.status === null && r.code === 'H24')).to.equal(true);
    const paths = new Set(requests.map((r) => r.path));
    expect(paths).to.include.members(['/users/:id', '/api/v2/accounts/:id', '/password/reset/:id', '/search']);
    for (const path of paths) expect(path).not.to.match(/\/\d+(\/|$)|\?/);
  });
});
