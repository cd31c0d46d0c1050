import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CredentialedUrl } from '../server/src/simulate/credentialed-url.js';
import type { LogplexBatch } from '../server/src/simulate/logplex-batch.js';
import { openStore } from '../server/src/store/open-store.js';
import { drainBatches, postBatch, provisionDrains } from './support/drain-traffic.js';
import { createTestSchema, testPostgres } from './support/postgres.js';
import { spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';
import { slowRequest } from '../server/test/support/slow-client.js';

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

/** The built server on `env`, with one provisioned drain, and the promise of its exit code. */
async function startWithDrain(env: Record<string, string>) {
  const server = await spawnServer({ VANITY_LOG_REQUESTS: 'false', ...env });
  const { id, drains } = await provisionDrains(server.url, [server.url]);
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  return { server, id, drain: drains[0]!, exited };
}

/** Posts every batch at once and sends SIGTERM as the `n`th answer arrives; resolves to their statuses. */
function postWithSigtermAfter(server: SpawnedServer, drain: CredentialedUrl, batches: LogplexBatch[], n: number): Promise<number[]> {
  let answered = 0;
  return Promise.all(
    batches.map((batch) =>
      postBatch(drain, batch).then((status) => {
        if (++answered === n) server.child.kill('SIGTERM');
        return status;
      }),
    ),
  );
}

/** At least `atLeast` batches were answered 2xx, and the store counts exactly their router lines. */
async function expectAcceptedCounted(databaseUrl: string, id: string, batches: LogplexBatch[], statuses: number[], atLeast: number): Promise<void> {
  const accepted = batches.filter((_, i) => (statuses[i] ?? 0) >= 200 && (statuses[i] ?? 0) < 300);
  expect(accepted.length, 'batches answered 2xx').to.be.at.least(atLeast);
  const store = await openStore(databaseUrl);
  try {
    const resource = await store.getResource(id);
    if (!resource) throw new Error('resource missing');
    expect((await store.readTotals(resource.seq)).requests).to.equal(accepted.reduce((sum, batch) => sum + batch.routerLines, 0));
  } finally {
    await store.close();
  }
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
      const { server, id, drain, exited } = await startWithDrain({ DATABASE_URL: database.url });
      const batches = drainBatches(80, 50, 7);
      const statuses = await postWithSigtermAfter(server, drain, batches, 5);
      expect(await exited, server.output()).to.equal(0);
      expect(server.output()).to.include('at=info msg=stopped\n');
      await expectAcceptedCounted(database.url, id, batches, statuses, 5);
    });

    it('cuts a stalled unauthenticated POST /sso/login: exits 0 long before its deadline, every batch answered 2xx counted', async () => {
      if (!database) throw new Error('no database');
      // The SSO form's own deadline is far away: only the shutdown's cut can end that request in time.
      const { server, id, drain, exited } = await startWithDrain({ DATABASE_URL: database.url, VANITY_BODY_TIMEOUT_SECONDS: '600' });
      const stalled = slowRequest(`${server.url}/sso/login`, 'POST', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 1000, expect: '100-continue' });
      await stalled.continued;
      stalled.req.write('resource_id=');

      const batches = drainBatches(30, 50, 11);
      const statuses = await postWithSigtermAfter(server, drain, batches, 3);
      // Exit 1 would mean it waited out VANITY_SHUTDOWN_TIMEOUT_SECONDS (25 s) for the stalled form.
      expect(await exited, server.output()).to.equal(0);
      await stalled.closed;
      await expectAcceptedCounted(database.url, id, batches, statuses, 3);
    });
  });
}

describe('SIGTERM while a drain upload hangs', () => {
  it('exits anyway after VANITY_SHUTDOWN_TIMEOUT_SECONDS (25 by default, under Heroku\'s 30)', async () => {
    const { server, drain, exited } = await startWithDrain({ VANITY_SHUTDOWN_TIMEOUT_SECONDS: '1' });
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
