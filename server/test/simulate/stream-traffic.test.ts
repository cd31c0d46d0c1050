import { expect } from 'chai';
import { deliver, MAX_ATTEMPTS } from '../../src/simulate/drain-delivery.js';
import { batchBuilder, encodeBatch } from '../../src/simulate/logplex-batch.js';
import { providerCredentials, provisionApp } from '../../src/simulate/provision-app.js';
import type { SimulatedResource } from '../../src/simulate/provision-app.js';
import { routerTraffic } from '../../src/simulate/router-traffic.js';
import { DrainRejected, streamTraffic } from '../../src/simulate/stream-traffic.js';
import type { StreamStats } from '../../src/simulate/stream-traffic.js';
import { freePort } from '../support/free-port.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const NOW_US = Date.now() * 1000;

describe('the simulator against the drain', () => {
  let server: TestServer;
  const provisioned = (app: string): Promise<SimulatedResource> => provisionApp(server.url, app, providerCredentials({}));

  before(async () => (server = await startTestServer()));
  after(() => server.stop());

  describe('streaming simulated traffic', () => {
    let resource: SimulatedResource;
    before(async () => (resource = await provisioned('stream-test')));

    async function totals() {
      const stored = await server.store.getResource(resource.id);
      if (!stored) throw new Error('resource missing');
      return server.store.readTotals(stored.seq);
    }

    it('counts every request once although every batch is sent twice, and every L10 loss', async () => {
      const progress: StreamStats[] = [];
      const stats = await streamTraffic({
        drain: resource.drain,
        drainToken: resource.drainToken,
        app: 'stream-test',
        rps: 150,
        durationMs: 1500,
        dynos: 2,
        seed: 3,
        overflowShare: 1,
        retryShare: 1,
        progressEveryMs: 500,
        onProgress: (s) => void progress.push({ ...s }),
      });
      expect(stats.batches).to.equal(2);
      expect(stats.repeats).to.equal(2);
      expect(stats.requests).to.equal(300);
      expect(stats.acknowledged).to.equal(300);
      expect(stats.lostReported).to.be.greaterThan(0);
      expect(stats.rejected + stats.failed).to.equal(0);
      expect(progress.length).to.be.at.least(1);
      expect(await totals()).to.deep.equal({ requests: 300, lostLines: stats.lostReported, parseErrors: 0 });
    });

    it('sends the error burst: the given share of requests in the burst window answer 500', async () => {
      const before = await totals();
      const started = Date.now();
      const stats = await streamTraffic({
        drain: resource.drain,
        drainToken: resource.drainToken,
        app: 'stream-test',
        rps: 100,
        durationMs: 2000,
        dynos: 2,
        seed: 5,
        overflowShare: 0,
        retryShare: 0,
        errorBurst: { fromMs: 1000, toMs: 2000, share: 1 },
      });
      expect(stats.burstErrors).to.equal(100);
      expect(stats.firstBurstErrorAt).to.be.within(started, Date.now());
      expect((await totals()).requests - before.requests).to.equal(200);
      const stored = await server.store.getResource(resource.id);
      const errors = await server.store.readCounts({ resourceSeq: stored?.seq ?? 0, level: 'hour', from: 0, to: 2 ** 40, dims: ['status'] });
      expect(errors.filter((row) => row.key === '500').reduce((sum, row) => sum + row.n, 0)).to.be.at.least(100);
    });

    it('stops with a clear error when the drain refuses the credentials', async () => {
      const drain = { ...resource.drain, authorization: `Basic ${Buffer.from('logplex:wrong').toString('base64')}` };
      const err = await streamTraffic({ drain, drainToken: resource.drainToken, app: 'x', rps: 10, durationMs: 500, dynos: 1, seed: 1 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(DrainRejected);
      expect((err as Error).message).to.match(/^the drain answered 401 /);
    });
  });

  describe('delivering one batch as Logplex does', () => {
    let resource: SimulatedResource;
    before(async () => (resource = await provisioned('deliver-test')));

    const traffic = routerTraffic({ seed: 8 });
    const frameId = 'E'.repeat(32);

    it('is delivered on the first 2xx', async () => {
      const batch = encodeBatch([traffic.line(NOW_US)], { frameId, drainToken: resource.drainToken });
      expect(await deliver(resource.drain, batch)).to.deep.include({ outcome: 'delivered', status: 204, attempts: 1 });
    });

    it('gives up at once on a 4xx other than 429 (here 413 for a body over 1 MiB)', async () => {
      const builder = batchBuilder();
      while (builder.bytes <= 1024 * 1024) builder.add(traffic.line(NOW_US));
      const delivery = await deliver(resource.drain, builder.finish({ frameId, drainToken: resource.drainToken }));
      expect(delivery).to.deep.include({ outcome: 'rejected', status: 413, attempts: 1 });
    });

    it('tries three times on network errors, then reports the failure', async () => {
      const drain = { ...resource.drain, url: `http://127.0.0.1:${await freePort()}/logs/${resource.id}` };
      const delivery = await deliver(drain, encodeBatch([traffic.line(NOW_US)], { frameId }));
      expect(delivery).to.deep.equal({ outcome: 'failed', status: null, attempts: MAX_ATTEMPTS, detail: 'ECONNREFUSED' });
    });
  });
});
