import { expect } from 'chai';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

describe('GET /health', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('answers 200 with the store kind when the database answers', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok', store: server.database.kind });
  });

  it('answers 503 JSON when the database does not', async () => {
    await server.store.close();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).to.equal(503);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const body = (await res.json()) as Record<string, string>;
    expect(body).to.include({ status: 'unavailable', store: server.database.kind, message: 'database check failed' });
  });
});
