import { expect } from 'chai';
import { openStore } from '../server/src/store/open-store.js';
import { drainBatches, postBatch, provisionDrains } from './support/drain-traffic.js';
import { createTestSchema, testPostgres } from './support/postgres.js';
import { spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

describe('two server processes on one PostgreSQL database', () => {
  let schema: { url: string; drop(): Promise<void> } | undefined;
  let servers: SpawnedServer[] = [];

  before(async function () {
    const postgres = await testPostgres();
    if ('skipped' in postgres) return this.skip();
    schema = await createTestSchema(postgres.url);
    const env = { DATABASE_URL: schema.url, VANITY_LOG_REQUESTS: 'false' };
    servers = await Promise.all([spawnServer(env), spawnServer(env)]);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    await schema?.drop();
  });

  it('counts every line exactly once: load spread over both, the same Frame-Id sent to both at once', async () => {
    if (!schema) throw new Error('no database');
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const { id, drains } = await provisionDrains(a.url, [a.url, b.url]);
    const batches = drainBatches(60, 50);

    // Every batch goes to one process; every third also to the other at the same moment,
    // as when Logplex retries a batch whose answer it did not see.
    const statuses = await Promise.all(
      batches.flatMap((batch, i) => {
        const sends = [postBatch(drains[i % 2]!, batch)];
        if (i % 3 === 0) sends.push(postBatch(drains[(i + 1) % 2]!, batch));
        return sends;
      }),
    );
    expect(statuses.filter((status) => status !== 204), 'non-204 answers').to.deep.equal([]);

    const store = await openStore(schema.url);
    try {
      const resource = await store.getResource(id);
      if (!resource) throw new Error('resource missing');
      const routerLines = batches.reduce((sum, batch) => sum + batch.routerLines, 0);
      expect((await store.readTotals(resource.seq)).requests).to.equal(routerLines);
      const minutes = await store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: 2 ** 40, dims: ['all'] });
      expect(minutes.reduce((sum, row) => sum + row.n, 0)).to.equal(routerLines);
    } finally {
      await store.close();
    }
  });
});
