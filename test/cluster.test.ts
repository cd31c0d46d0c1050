import { expect } from 'chai';
import { get } from 'node:http';
import { rmSync } from 'node:fs';
import { openStore } from '../server/src/store/open-store.js';
import type { LogplexBatch } from '../server/src/simulate/logplex-batch.js';
import { drainBatches, postBatch, provisionDrains } from './support/drain-traffic.js';
import { createTestSchema, testPostgres } from './support/postgres.js';
import { spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const METRICS_TOKEN = 'cluster-test-metrics-token';
const WORKER_LISTENING = /msg="worker listening" worker=(\d+) pid=(\d+)/g;

/** GET /metrics on a connection of its own: the primary hands each new connection to the next worker. */
function scrape(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${url}/metrics`, { agent: false, headers: { authorization: `Bearer ${METRICS_TOKEN}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`/metrics answered ${res.statusCode}`))));
    }).on('error', reject);
  });
}

const workerOf = (metrics: string): string | undefined => /^vanity_router_lines_total\{worker="(\d+)"\}/m.exec(metrics)?.[1];

/** Authenticated drain POSTs each worker handled (accepted or duplicate), by worker, from scrapes until every one in `workers` answered. */
async function drainPostsByWorker(url: string, workers: string[]): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < 40 && workers.some((w) => !seen.has(w)); i++) {
    const metrics = await scrape(url);
    const worker = workerOf(metrics);
    if (worker === undefined) throw new Error(`no worker label in /metrics:\n${metrics.slice(0, 500)}`);
    const posts = [...metrics.matchAll(/^vanity_drain_batches_total\{outcome="(?:accepted|duplicate)",worker="\d+"\} (\d+)$/gm)];
    seen.set(worker, posts.reduce((n, m) => n + Number(m[1]), 0));
  }
  return seen;
}

async function countedLines(databaseUrl: string, id: string): Promise<number> {
  const store = await openStore(databaseUrl);
  try {
    const resource = await store.getResource(id);
    if (!resource) throw new Error('resource missing');
    return (await store.readTotals(resource.seq)).requests;
  } finally {
    await store.close();
  }
}

const linesOf = (batches: LogplexBatch[]): number => batches.reduce((sum, batch) => sum + batch.routerLines, 0);
const exited = (server: SpawnedServer): Promise<number | null> =>
  new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
  });

describe('WEB_CONCURRENCY=2 on PostgreSQL: a primary and two workers', () => {
  let postgresUrl: string | undefined;
  const servers: SpawnedServer[] = [];
  const schemas: { url: string; drop(): Promise<void> }[] = [];

  before(async function () {
    const postgres = await testPostgres();
    if ('skipped' in postgres) return this.skip();
    postgresUrl = postgres.url;
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    for (const server of servers) rmSync(server.dataDir, { recursive: true, force: true });
    await Promise.all(schemas.map((schema) => schema.drop()));
  });

  /** A cluster on a schema of its own (so one cluster's job rounds are not another's). */
  async function startCluster(env: Record<string, string> = {}): Promise<{ server: SpawnedServer; databaseUrl: string }> {
    if (!postgresUrl) throw new Error('no database');
    const schema = await createTestSchema(postgresUrl);
    schemas.push(schema);
    const server = await spawnServer({ DATABASE_URL: schema.url, WEB_CONCURRENCY: '2', VANITY_LOG_REQUESTS: 'false', VANITY_METRICS_TOKEN: METRICS_TOKEN, ...env });
    servers.push(server);
    await server.waitForMatches(WORKER_LISTENING, 2);
    await server.waitForMatches(/msg="vanity listening" .* worker=\d+\n/g, 2);
    return { server, databaseUrl: schema.url };
  }

  describe('serving', () => {
    let server: SpawnedServer;
    let databaseUrl: string;
    before(async function () {
      if (!postgresUrl) return this.skip();
      ({ server, databaseUrl } = await startCluster());
    });

    it('migrates once in the primary, then two worker processes serve one port, each naming itself in its log lines and metrics', async () => {
      const output = server.output();
      expect(output.match(/msg="database schema up to date"/g), 'migration lines').to.have.length(1);
      expect(output).to.match(/msg="starting workers" workers=2 from="WEB_CONCURRENCY=2"\n/);
      const pids = [...output.matchAll(WORKER_LISTENING)].map((m) => Number(m[2]));
      expect(new Set([...pids, server.child.pid]).size, 'primary and worker pids').to.equal(3);
      expect(output).to.match(/msg="vanity listening" port=\d+ .* worker=1\n/);
      expect(output).to.match(/msg="vanity listening" port=\d+ .* worker=2\n/);
      expect([...(await drainPostsByWorker(server.url, ['1', '2'])).keys()].sort()).to.deep.equal(['1', '2']);
    });

    it('counts every acknowledged line exactly once under concurrent POSTs spread over both workers', async () => {
      const before = await drainPostsByWorker(server.url, ['1', '2']);
      const { id, drains } = await provisionDrains(server.url, [server.url]);
      const batches = drainBatches(60, 50, 3);
      // Every third batch is sent twice at once, as when Logplex retries a batch whose answer it missed.
      const statuses = await Promise.all(batches.flatMap((batch, i) => (i % 3 === 0 ? [postBatch(drains[0]!, batch), postBatch(drains[0]!, batch)] : [postBatch(drains[0]!, batch)])));
      expect(statuses.filter((status) => status !== 204), 'non-204 answers').to.deep.equal([]);
      expect(await countedLines(databaseUrl, id)).to.equal(linesOf(batches));

      const after = await drainPostsByWorker(server.url, ['1', '2']);
      const handled = ['1', '2'].map((w) => (after.get(w) ?? 0) - (before.get(w) ?? 0));
      expect(handled.every((n) => n > 0), `drain POSTs per worker ${JSON.stringify(handled)}`).to.equal(true);
      expect(handled[0]! + handled[1]!).to.equal(statuses.length);
    });

    it('replaces a worker that dies, and the new one serves', async () => {
      const first = [...server.output().matchAll(WORKER_LISTENING)].find((m) => m[1] === '1');
      if (!first) throw new Error('worker 1 never listened');
      const pid = Number(first[2]);
      process.kill(pid, 'SIGKILL');
      const replacement = (await server.waitForMatches(WORKER_LISTENING, 3))[2];
      expect(server.output()).to.match(new RegExp(`msg="worker exited unexpectedly; starting another" worker=1 pid=${pid} code= signal=SIGKILL restart_in_ms=\\d+\\n`));
      expect(replacement?.[1]).to.equal('3');

      const { id, drains } = await provisionDrains(server.url, [server.url]);
      const batches = drainBatches(20, 50, 5);
      const statuses = await Promise.all(batches.map((batch) => postBatch(drains[0]!, batch)));
      expect(statuses.filter((status) => status !== 204)).to.deep.equal([]);
      expect(await countedLines(databaseUrl, id)).to.equal(linesOf(batches));
      expect([...(await drainPostsByWorker(server.url, ['2', '3'])).keys()]).to.include.members(['2', '3']);
    });
  });

  describe('jobs and shutdown', () => {
    let server: SpawnedServer;
    let databaseUrl: string;
    before(async function () {
      if (!postgresUrl) return this.skip();
      // The first round comes 10 s after start in each worker; a claim blocks another for half the interval.
      ({ server, databaseUrl } = await startCluster({ VANITY_RETENTION_INTERVAL_SECONDS: '20' }));
    });

    it('runs a retention round in one worker only: the other finds it claimed', async () => {
      const outcomes = await server.waitForMatches(/msg="retention (done|skipped[^"]*)".* worker=(\d+)\n/g, 2);
      expect(outcomes.map((m) => m[1]!.replace(/:.*/, '')).sort()).to.deep.equal(['done', 'skipped']);
      expect(new Set(outcomes.map((m) => m[2])).size, 'one outcome per worker').to.equal(2);
    });

    it('SIGTERM under drain load: every worker finishes, the primary exits 0, every batch answered 2xx is counted', async () => {
      const { id, drains } = await provisionDrains(server.url, [server.url]);
      const batches = drainBatches(80, 50, 9);
      const exit = exited(server);
      let answered = 0;
      const statuses = await Promise.all(
        batches.map((batch) =>
          postBatch(drains[0]!, batch).then((status) => {
            if (++answered === 5) server.child.kill('SIGTERM');
            return status;
          }),
        ),
      );
      expect(await exit, server.output()).to.equal(0);
      const output = server.output();
      expect(output).to.match(/msg="shutting down" signal=SIGTERM workers=2\n/);
      expect(output).to.match(/msg=stopped worker=1\n/);
      expect(output).to.match(/msg=stopped worker=2\n/);
      expect(output).to.match(/msg="all workers stopped"\n$/);

      const accepted = batches.filter((_, i) => (statuses[i] ?? 0) >= 200 && (statuses[i] ?? 0) < 300);
      expect(accepted.length, 'batches answered 2xx').to.be.at.least(5);
      expect(await countedLines(databaseUrl, id)).to.equal(linesOf(accepted));
    });
  });
});

describe('WEB_CONCURRENCY=2 on SQLite', () => {
  it('runs one process (SQLite has one writer) and says so in one line', async () => {
    const server = await spawnServer({ WEB_CONCURRENCY: '2', VANITY_LOG_REQUESTS: 'false' });
    try {
      const { id, drains } = await provisionDrains(server.url, [server.url]);
      const batches = drainBatches(10, 50, 13);
      const statuses = await Promise.all(batches.map((batch) => postBatch(drains[0]!, batch)));
      expect(statuses.filter((status) => status !== 204)).to.deep.equal([]);
      const exit = exited(server);
      server.child.kill('SIGTERM');
      expect(await exit).to.equal(0);

      const output = server.output();
      const reduced = output.split('\n').filter((line) => line.includes('WEB_CONCURRENCY'));
      expect(reduced).to.deep.equal([
        'at=warn msg="WEB_CONCURRENCY=2 reduced to 1 process: SQLite has one writer, so more processes would only queue for it; use PostgreSQL (DATABASE_URL=postgres://…) to run several"',
      ]);
      expect(output.match(/msg="vanity listening"/g)).to.have.length(1);
      expect(output).not.to.match(/worker=|msg="worker started"/);
      expect(output).to.include('at=info msg=stopped\n');
      expect(await countedLines(`sqlite:${server.dataDir}/vanity.sqlite`, id)).to.equal(linesOf(batches));
    } finally {
      await server.kill();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
