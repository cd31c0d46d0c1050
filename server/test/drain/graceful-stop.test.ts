import { expect } from 'chai';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { provision } from '../support/provider-client.js';
import type { TestServer } from '../support/test-server.js';
import { logplexBody, routerLine } from '../support/logplex.js';

describe('drain: graceful stop', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'vanity-stop-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('waits for a drain POST that is still arriving, commits it, then closes the store', async () => {
    const dbPath = join(dataDir, 'vanity.sqlite');
    const config = loadConfig({ PORT: '0', VANITY_LOG_REQUESTS: 'false', DATABASE_URL: `sqlite:${dbPath}` });
    const running = await startServer(config);
    config.baseUrl = running.url;
    const providerAuth = `Basic ${Buffer.from(`${config.addonId}:${config.addonPassword}`).toString('base64')}`;
    const drain = await provision({ ...running, config, dataDir, providerAuth } as TestServer);
    const url = new URL(drain.logDrainUrl);
    const body = logplexBody(Array.from({ length: 50 }, (_, i) => routerLine(`2026-11-23T10:00:${String(i).padStart(2, '0')}Z`)));

    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      auth: `${url.username}:${decodeURIComponent(url.password)}`,
      headers: { 'content-type': 'application/logplex-1', 'content-length': body.length, 'logplex-frame-id': 'F1' },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write(body.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 50));
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).to.equal(false);
    req.end(body.subarray(100));
    expect(await answered).to.equal(204);
    await stopping;

    const store = openSqliteStore(dbPath);
    const resource = await store.getResource(drain.id);
    expect((await store.readTotals(resource?.seq ?? -1)).requests).to.equal(50);
    await store.close();
  });
});
