import { expect } from 'chai';
import { request } from 'node:http';
import type { ServerResponse } from 'node:http';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { openStore } from '../../src/store/open-store.js';
import { provision } from '../support/provider-client.js';
import { createTestDatabase } from '../support/test-database.js';
import type { TestDatabase } from '../support/test-database.js';
import type { TestServer } from '../support/test-server.js';
import { logplexBody, routerLine } from '../support/logplex.js';

describe('drain: graceful stop', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('waits for a drain POST that is still arriving, commits it, then closes the store', async () => {
    const config = loadConfig({ PORT: '0', VANITY_LOG_REQUESTS: 'false', DATABASE_URL: database.url });
    const running = await startServer(config);
    config.baseUrl = running.url;
    const providerAuth = `Basic ${Buffer.from(`${config.addonId}:${config.addonPassword}`).toString('base64')}`;
    const drain = await provision({ ...running, config, dataDir: database.dataDir, providerAuth } as TestServer);
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
    const order: string[] = [];
    const handling = new Promise<void>((resolve) =>
      running.server.once('request', (_req, res: ServerResponse) => {
        res.once('finish', () => order.push('answered'));
        resolve();
      }),
    );
    req.write(body.subarray(0, 100));
    await handling;
    const stopping = running.stop().then(() => order.push('stopped'));
    expect(running.server.listening, 'stop() stops accepting at once').to.equal(false);
    req.end(body.subarray(100));
    expect(await answered).to.equal(204);
    await stopping;
    expect(order).to.deep.equal(['answered', 'stopped']);

    const store = await openStore(database.url);
    const resource = await store.getResource(drain.id);
    expect((await store.readTotals(resource?.seq ?? -1)).requests).to.equal(50);
    await store.close();
  });
});
