/**
 * End-to-end drain ingest: the real server (auth, parse, aggregate, durable group commit in
 * SQLite with synchronous=FULL, 204) against a bare node:http server that reads each body and
 * discards it, both fed the same ~100 KiB logplex bodies over keep-alive connections.
 * Run: npx tsx bench/drain-bench.ts   (prints POSTs/s for both and the ratio; goal ≥ 0.7)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { startServer } from '../server/src/server.js';
import { makeBody } from './logplex-sample.js';

const CONCURRENCY = 8;
const POSTS_PER_TRIAL = 200;
const TRIALS = 4;

interface Target {
  port: number;
  path: string;
  auth: string;
}

const bodies = Array.from({ length: 16 }, (_, i) => makeBody(100 * 1024, i * 1000).body);
let frame = 0;

function post(agent: Agent, target: Target, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        port: target.port,
        host: '127.0.0.1',
        path: target.path,
        method: 'POST',
        headers: {
          authorization: target.auth,
          'content-type': 'application/logplex-1',
          'content-length': body.length,
          'logplex-frame-id': `BENCH${String(++frame).padStart(27, '0')}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs per second with CONCURRENCY requests in flight. */
async function postsPerSecond(target: Target): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < POSTS_PER_TRIAL) {
      const status = await post(agent, target, bodies[sent++ % bodies.length] as Buffer);
      if (status !== 204) throw new Error(`status ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return POSTS_PER_TRIAL / ((performance.now() - started) / 1000);
}

async function startVanity(dataDir: string) {
  const config = loadConfig({
    PORT: '0',
    VANITY_LOG_REQUESTS: 'false',
    VANITY_RETENTION_INTERVAL_SECONDS: '0',
    DATABASE_URL: `sqlite:${join(dataDir, 'vanity.sqlite')}`,
  });
  const running = await startServer(config, { log: () => undefined });
  config.baseUrl = running.url;
  const uuid = crypto.randomUUID();
  const res = await fetch(`${running.url}/heroku/resources`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${config.addonId}:${config.addonPassword}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ uuid, plan: 'hobby', log_drain_token: `d.${uuid}` }),
  });
  const drainUrl = new URL(((await res.json()) as { log_drain_url: string }).log_drain_url);
  const auth = `Basic ${Buffer.from(`${drainUrl.username}:${decodeURIComponent(drainUrl.password)}`).toString('base64')}`;
  return { running, target: { port: running.port, path: drainUrl.pathname, auth } };
}

async function startRaw() {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, target: { port: (server.address() as AddressInfo).port, path: '/logs', auth: '' } };
}

const dataDir = mkdtempSync(join(tmpdir(), 'vanity-bench-'));
const vanity = await startVanity(dataDir);
const raw = await startRaw();
let bestVanity = 0;
let bestRaw = 0;
for (let t = 0; t < TRIALS; t++) {
  bestRaw = Math.max(bestRaw, await postsPerSecond(raw.target));
  bestVanity = Math.max(bestVanity, await postsPerSecond(vanity.target));
}
await vanity.running.stop();
raw.server.close();
rmSync(dataDir, { recursive: true, force: true });

const kib = bodies[0]?.length ?? 0;
console.log(`bodies=${Math.round(kib / 1024)}KiB concurrency=${CONCURRENCY} posts/trial=${POSTS_PER_TRIAL} trials=${TRIALS} (best of each)`);
console.log(`vanity drain: ${bestVanity.toFixed(0)} POSTs/s (${((bestVanity * kib) / 2 ** 20).toFixed(1)} MiB/s)`);
console.log(`raw node:http read-and-discard: ${bestRaw.toFixed(0)} POSTs/s`);
console.log(`ratio: ${(bestVanity / bestRaw).toFixed(2)}   (goal >= 0.7)`);
