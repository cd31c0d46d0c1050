import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../server/src/store/open-store.js';
import { drainBatches, postBatch, provisionDrains } from './support/drain-traffic.js';
import { createTestSchema, testPostgres } from './support/postgres.js';
import { spawnServer } from './support/spawn-server.js';

interface Database {
  url: string;
  drop(): Promise<void>;
}

async function sqliteDatabase(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'vanity-shutdown-'));
  return { url: `sqlite:${join(dir, 'vanity.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresDatabase(): Promise<Database | string> {
  const postgres = await testPostgres();
  return 'skipped' in postgres ? postgres.skipped : createTestSchema(postgres.url);
}

for (const [kind, open] of [['SQLite', sqliteDatabase], ['PostgreSQL', postgresDatabase]] as const) {
  describe(`SIGTERM while drain batches are in flight (${kind})`, () => {
    let database: Database | undefined;
    before(async function () {
      const opened = await open();
      if (typeof opened === 'string') return this.skip();
      database = opened;
    });
    after(async () => {
      await database?.drop();
    });

    it('exits cleanly, and every batch answered 2xx is counted after the restart', async () => {
      if (!database) throw new Error('no database');
      const server = await spawnServer({ DATABASE_URL: database.url, VANITY_LOG_REQUESTS: 'false' });
      const { id, drains } = await provisionDrains(server.url, [server.url]);
      const batches = drainBatches(80, 50, 7);
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));

      let answered = 0;
      const sending = batches.map((batch) =>
        postBatch(drains[0]!, batch).then((status) => {
          if (++answered === 5) server.child.kill('SIGTERM');
          return status;
        }),
      );
      const statuses = await Promise.all(sending);
      expect(await exited, server.output()).to.equal(0);
      expect(server.output()).to.include('at=info msg=stopped\n');

      const accepted = batches.filter((_, i) => (statuses[i] ?? 0) >= 200 && (statuses[i] ?? 0) < 300);
      expect(accepted.length, 'batches answered 2xx').to.be.at.least(5);
      const store = await openStore(database.url);
      try {
        const resource = await store.getResource(id);
        if (!resource) throw new Error('resource missing');
        expect((await store.readTotals(resource.seq)).requests).to.equal(accepted.reduce((sum, batch) => sum + batch.routerLines, 0));
      } finally {
        await store.close();
      }
    });
  });
}

describe('SIGTERM while a drain upload hangs', () => {
  it('exits anyway after VANITY_SHUTDOWN_TIMEOUT_SECONDS (25 by default, under Heroku\'s 30)', async () => {
    const server = await spawnServer({ VANITY_SHUTDOWN_TIMEOUT_SECONDS: '1', VANITY_LOG_REQUESTS: 'false' });
    const { drains } = await provisionDrains(server.url, [server.url]);
    const drain = drains[0]!;
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    // A client that announces a body and never sends most of it: the request stays in flight.
    // Node's server answers `Expect: 100-continue` as it starts handling the request.
    const stalled = request(drain.url, {
      method: 'POST',
      headers: { authorization: drain.authorization, 'content-type': 'application/logplex-1', 'content-length': '1000', expect: '100-continue' },
    });
    stalled.on('error', () => undefined);
    const handling = new Promise((resolve) => stalled.once('continue', resolve));
    stalled.flushHeaders();
    await handling;
    stalled.write('83 <158>1 ');
    server.child.kill('SIGTERM');
    expect(await exited).to.equal(1);
    expect(server.output()).to.include('at=error msg="shutdown did not finish in time; exiting" limit_s=1\n');
    stalled.destroy();
    rmSync(server.dataDir, { recursive: true, force: true });
  });
});
