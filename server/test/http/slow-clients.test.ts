import { expect } from 'chai';
import { logplexBody, routerLine } from '../support/logplex.js';
import { provision } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { bodyBytesReach, rawExchange, slowRequest } from '../support/slow-client.js';
import type { Answer } from '../support/slow-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const MiB = 1024 * 1024;

function drainAuth(drain: Provisioned): string {
  const url = new URL(drain.logDrainUrl);
  return `Basic ${Buffer.from(`${url.username}:${decodeURIComponent(url.password)}`).toString('base64')}`;
}

function drainPost(server: TestServer, drain: Provisioned, contentLength: number, extra: Record<string, string> = {}) {
  return slowRequest(`${server.url}/logs/${drain.id}`, 'POST', {
    authorization: drainAuth(drain),
    'content-type': 'application/logplex-1',
    'content-length': contentLength,
    ...extra,
  });
}

function expectJson(answer: Answer, status: number, prefix: string): void {
  expect(answer.status, answer.text).to.equal(status);
  expect(answer.headers['content-type']).to.match(/^application\/json/);
  expect((JSON.parse(answer.text) as { message: string }).message).to.satisfy((m: string) => m.startsWith(prefix));
}

describe('slow and oversized clients are bounded', () => {
  let server: TestServer;
  let drain: Provisioned;
  afterEach(async () => {
    await server.stop();
  });

  async function start(env: Record<string, string> = {}) {
    server = await startTestServer(env, { log: () => undefined });
    drain = await provision(server);
  }

  it('answers 413 to a declared Content-Length over the limit before any of the body arrives, and closes', async () => {
    await start();
    const post = drainPost(server, drain, 2 * MiB);
    expectJson(await post.answer, 413, 'request body: at most 1048576 bytes, Content-Length says 2097152');
    expect((await post.answer).headers.connection).to.equal('close');
    await post.closed;
    const provider = slowRequest(`${server.url}/heroku/resources`, 'POST', { authorization: server.providerAuth, 'content-length': 200 * 1024 });
    expectJson(await provider.answer, 413, 'request body: at most 102400 bytes');
    await provider.closed;
    expect(server.bodies.inUse()).to.equal(0);
  });

  it('refuses bodies beyond the memory cap with 503 + Retry-After, and takes them again once memory is free', async () => {
    await start({ VANITY_BODY_MEMORY_MB: '2' });
    const stalled = [drainPost(server, drain, MiB), drainPost(server, drain, MiB)];
    for (const post of stalled) post.req.write('83 <158>1 ');
    await bodyBytesReach(server.bodies, 2 * MiB);
    const refused = drainPost(server, drain, 1000);
    const answer = await refused.answer;
    expectJson(answer, 503, 'request body: the server is receiving too many bodies right now');
    expect(answer.headers['retry-after']).to.equal('1');
    await refused.closed;

    for (const post of stalled) post.req.destroy();
    await bodyBytesReach(server.bodies, 0);
    const body = logplexBody([routerLine('2026-11-23T10:00:00Z')]);
    const accepted = drainPost(server, drain, body.length);
    accepted.req.end(body);
    expect((await accepted.answer).status).to.equal(204);
  });

  it('cuts a drain body that does not arrive within VANITY_DRAIN_BODY_TIMEOUT_SECONDS (408 JSON), and frees its memory', async () => {
    await start({ VANITY_DRAIN_BODY_TIMEOUT_SECONDS: '0.3', VANITY_BODY_TIMEOUT_SECONDS: '600' });
    const post = drainPost(server, drain, 5000);
    post.req.write('83 <158>1 ');
    expectJson(await post.answer, 408, 'request body: not received within 0.3 s');
    await post.closed;
    await bodyBytesReach(server.bodies, 0);
    expect(server.inFlight.count()).to.equal(0);
  });

  it('cuts a provider body that does not arrive within VANITY_BODY_TIMEOUT_SECONDS', async () => {
    await start({ VANITY_BODY_TIMEOUT_SECONDS: '0.3' });
    const post = slowRequest(`${server.url}/heroku/resources`, 'POST', { authorization: server.providerAuth, 'content-type': 'application/json', 'content-length': 500 });
    post.req.write('{"uuid":');
    expectJson(await post.answer, 408, 'request body: not received within 0.3 s');
    await post.closed;
  });

  it('answers headers that do not arrive within VANITY_HEADERS_TIMEOUT_SECONDS with 408 JSON and closes', async () => {
    await start({ VANITY_HEADERS_TIMEOUT_SECONDS: '0.3' });
    const received = await rawExchange(server.url, 'POST /sso/login HTTP/1.1\r\nHost: vanity\r\nContent-Type: appl');
    expect(received).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(received).to.include('Content-Type: application/json');
    expect(received.split('\r\n\r\n')[1]).to.equal('{"message":"request: not received in time"}');
  });

  it('answers requests that are not HTTP with 400 JSON', async () => {
    await start();
    const received = await rawExchange(server.url, 'HELLO\u0000 there\r\n\r\n');
    expect(received).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(received.split('\r\n\r\n')[1]).to.equal('{"message":"request: not valid HTTP/1.1"}');
  });

  it('says 100 Continue only once a body is welcome: an oversized one gets its 413 instead', async () => {
    await start();
    const big = drainPost(server, drain, 2 * MiB, { expect: '100-continue' });
    expect((await big.answer).status).to.equal(413);
    const body = logplexBody([routerLine('2026-11-23T10:00:00Z')]);
    const ok = drainPost(server, drain, body.length, { expect: '100-continue' });
    await ok.continued;
    ok.req.end(body);
    expect((await ok.answer).status).to.equal(204);
  });
});
