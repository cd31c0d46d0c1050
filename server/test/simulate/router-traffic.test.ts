import { expect } from 'chai';
import type { LogLine } from '../../src/simulate/router-traffic.js';
import { isRouterLine, routerTraffic } from '../../src/simulate/router-traffic.js';

const START_US = Date.parse('2026-11-23T10:00:00Z') * 1000;

function lines(seed: number, n: number): LogLine[] {
  const traffic = routerTraffic({ seed, app: 'shop', dynos: 3 });
  return Array.from({ length: n }, (_, i) => traffic.line(START_US + i * 1000));
}

describe('router traffic', () => {
  const sample = lines(42, 20_000);
  const router = sample.filter(isRouterLine).map((l) => l.message);
  const other = sample.filter((l) => !isRouterLine(l));

  it('is deterministic for a seed and differs between seeds', () => {
    expect(lines(42, 500)).to.deep.equal(sample.slice(0, 500));
    expect(lines(43, 500)).not.to.deep.equal(sample.slice(0, 500));
  });

  it('is mostly router lines with the keys Heroku emits', () => {
    expect(router.length / sample.length).to.be.within(0.85, 0.95);
    for (const message of router) {
      expect(message).to.match(/^at=(info|error) /);
      expect(message).to.match(/ method=[A-Z]+ path=/);
      expect(message).to.match(/ dyno=(web\.[1-3])? connect=\S* service=\S* status=\d* bytes=\d* /);
    }
  });

  it('mixes legacy and Router 2.0 lines', () => {
    expect(router.some((m) => / protocol=https$/.test(m))).to.equal(true);
    expect(router.some((m) => / protocol=http1\.1 tls=true tls_version=tls1\.3$/.test(m))).to.equal(true);
    expect(router.some((m) => / tls=false tls_version=unknown$/.test(m))).to.equal(true);
  });

  it('has ids, UUIDs, hex tokens and query strings in paths', () => {
    expect(router.some((m) => /path="\/users\/\d+"/.test(m))).to.equal(true);
    expect(router.some((m) => /path="\/api\/v2\/accounts\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/.test(m))).to.equal(true);
    expect(router.some((m) => /path="\/password\/reset\/[0-9a-f]{40}"/.test(m))).to.equal(true);
    expect(router.some((m) => /path="\/search\?q=[^"]+&page=\d"/.test(m))).to.equal(true);
  });

  it('has redirects, client errors, server errors and router error codes', () => {
    for (const status of ['301', '302', '304', '404', '422', '500']) {
      expect(router.some((m) => m.includes(` status=${status} `)), status).to.equal(true);
    }
    for (const code of ['H10', 'H12', 'H13', 'H18', 'H26']) {
      expect(router.some((m) => m.startsWith(`at=error code=${code} desc="`)), code).to.equal(true);
    }
    expect(router.some((m) => m.includes(' dyno= connect= service= status=503 bytes= '))).to.equal(true);
    expect(router.some((m) => m.includes(' bytes=0 sock=client '))).to.equal(true);
  });

  it('has app output (some starting with "[") and dyno-manager lines', () => {
    expect(other.some((l) => l.appName === 'app' && l.message.startsWith('['))).to.equal(true);
    expect(other.some((l) => l.appName === 'app' && l.message.startsWith('at=info method=GET'))).to.equal(true);
    expect(other.some((l) => l.appName === 'heroku' && l.procId === 'web.1' && l.message.startsWith('State changed'))).to.equal(true);
    expect(other.some((l) => l.appName === 'app' && l.procId === 'api')).to.equal(true);
  });
});
