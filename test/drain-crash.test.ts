import { expect } from 'chai';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'addon-manifest.json'), 'utf8')) as { id: string; api: { password: string } };
const providerAuth = `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString('base64')}`;

const LINES_PER_BATCH = 5;

/** One logplex batch: LINES_PER_BATCH router lines in minute `batch` of the day. */
function batchBody(batch: number): Buffer {
  const frames: Buffer[] = [];
  for (let line = 0; line < LINES_PER_BATCH; line++) {
    const hh = String(Math.floor(batch / 60) % 24).padStart(2, '0');
    const mm = String(batch % 60).padStart(2, '0');
    const msg = Buffer.from(
      `<158>1 2026-11-23T${hh}:${mm}:${String(line).padStart(2, '0')}.000000+00:00 host heroku router - at=info method=GET path="/items/${line}" host=app.test request_id=${randomUUID()} fwd="10.0.0.1" dyno=web.1 connect=0ms service=${line}ms status=200 bytes=10 protocol=https\n`,
    );
    frames.push(Buffer.from(`${msg.length} `), msg);
  }
  return Buffer.concat(frames);
}

interface Drain {
  resourceId: string;
  /** Authorization header value for the drain. */
  auth: string;
  path: string;
}

async function provision(server: SpawnedServer): Promise<Drain> {
  const uuid = randomUUID();
  const res = await fetch(`${server.url}/heroku/resources`, {
    method: 'POST',
    headers: { authorization: providerAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ uuid, plan: 'hobby', region: 'amazon-web-services::us-east-1', log_drain_token: `d.${uuid}` }),
  });
  expect(res.status).to.equal(200);
  const drainUrl = new URL(((await res.json()) as { log_drain_url: string }).log_drain_url);
  const credentials = `${decodeURIComponent(drainUrl.username)}:${decodeURIComponent(drainUrl.password)}`;
  return { resourceId: uuid, auth: `Basic ${Buffer.from(credentials).toString('base64')}`, path: drainUrl.pathname };
}

/** POSTs batch `n` (Frame-Id derived from n) and resolves with the status. */
async function postBatch(server: SpawnedServer, drain: Drain, n: number): Promise<number> {
  const res = await fetch(`${server.url}${drain.path}`, {
    method: 'POST',
    headers: {
      authorization: drain.auth,
      'content-type': 'application/logplex-1',
      'logplex-msg-count': String(LINES_PER_BATCH),
      'logplex-frame-id': `FRAME${String(n).padStart(27, '0')}`,
    },
    body: batchBody(n),
  });
  return res.status;
}

/** Reads the counts straight from the SQLite file, read-only, while the server runs. */
function storedCounts(dataDir: string, resourceId: string): { requests: number; minuteSum: number; daySum: number } {
  const db = new Database(join(dataDir, 'vanity.sqlite'), { readonly: true });
  try {
    const { seq } = db.prepare('SELECT seq FROM resources WHERE id = ?').get(resourceId) as { seq: number };
    const { requests } = db.prepare('SELECT requests FROM totals WHERE resource = ?').get(seq) as { requests: number };
    const sum = (level: number) =>
      (db.prepare(`SELECT coalesce(sum(n), 0) AS n FROM counts WHERE resource = ? AND level = ? AND dim = 'all'`).get(seq, level) as { n: number }).n;
    return { requests, minuteSum: sum(0), daySum: sum(2) };
  } finally {
    db.close();
  }
}

describe('drain durability: SIGKILL after 204 (built server)', () => {
  let server: SpawnedServer;
  let dataDir: string;

  afterEach(async () => {
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged batch, and counts every retried Frame-Id once after the restart', async () => {
    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0' });
    dataDir = server.dataDir;
    const drain = await provision(server);

    // 20 batches one after the other, then 20 at once (sharing group commits).
    for (let n = 0; n < 20; n++) expect(await postBatch(server, drain, n)).to.equal(204);
    const concurrent = await Promise.all(Array.from({ length: 20 }, (_, i) => postBatch(server, drain, 20 + i)));
    expect(new Set(concurrent)).to.deep.equal(new Set([204]));
    const acknowledged = 40 * LINES_PER_BATCH;

    await server.kill('SIGKILL');
    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0', VANITY_TEST_DATA_DIR: dataDir });
    expect(storedCounts(dataDir, drain.resourceId)).to.deep.equal({ requests: acknowledged, minuteSum: acknowledged, daySum: acknowledged });

    // Logplex retries what it has no answer for, with the same Frame-Id: nothing counts twice.
    const retried = await Promise.all(Array.from({ length: 40 }, (_, n) => postBatch(server, drain, n)));
    expect(new Set(retried)).to.deep.equal(new Set([204]));
    expect(storedCounts(dataDir, drain.resourceId).requests).to.equal(acknowledged);
  });

  it('keeps whole batches only when killed mid-stream, and the retries complete them exactly once', async () => {
    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0' });
    dataDir = server.dataDir;
    const drain = await provision(server);

    const BATCHES = 60;
    let acknowledged = 0;
    let settled = 0;
    let fiveAcknowledged: () => void = () => undefined;
    const killTime = new Promise<void>((resolve) => (fiveAcknowledged = resolve));
    const inFlight = Array.from({ length: BATCHES }, (_, n) =>
      postBatch(server, drain, n)
        .then(
          (status) => {
            if (status === 204) acknowledged++;
          },
          () => undefined, // the connection died with the server
        )
        .finally(() => {
          settled++;
          if (acknowledged >= 5 || settled === BATCHES) fiveAcknowledged();
        }),
    );
    await killTime;
    expect(acknowledged).to.be.at.least(5);
    await server.kill('SIGKILL');
    await Promise.all(inFlight);
    const answered = acknowledged;

    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false', VANITY_RETENTION_INTERVAL_SECONDS: '0', VANITY_TEST_DATA_DIR: dataDir });
    const afterCrash = storedCounts(dataDir, drain.resourceId);
    expect(afterCrash.requests % LINES_PER_BATCH, 'only whole batches').to.equal(0);
    expect(afterCrash.requests).to.be.at.least(answered * LINES_PER_BATCH);
    expect(afterCrash.minuteSum).to.equal(afterCrash.requests);

    const retried = await Promise.all(Array.from({ length: BATCHES }, (_, n) => postBatch(server, drain, n)));
    expect(new Set(retried)).to.deep.equal(new Set([204]));
    expect(storedCounts(dataDir, drain.resourceId).requests).to.equal(BATCHES * LINES_PER_BATCH);
  });
});
