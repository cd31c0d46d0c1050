import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { leanDrainId } from '../../src/drain/lean-drain.js';
import type { Resource } from '../../src/model/resource.js';
import { logplexBody, routerLine } from '../support/logplex.js';
import { provision } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { slowRequest } from '../support/slow-client.js';
import type { Answer } from '../support/slow-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const ID = '01234567-89ab-4cde-8f01-23456789abcd';
const MiB = 1024 * 1024;
const METRICS_TOKEN = 'metrics-token-for-lean-drain-tests';

function request(method: string, url: string, headers: Record<string, string> = { 'content-length': '10' }): IncomingMessage {
  return { method, url, headers } as unknown as IncomingMessage;
}

describe('drain: the lean path in front of Express', () => {
  it('serves a POST /logs/<id> with a declared length and no encoding; leaves every other shape to Express', () => {
    expect(leanDrainId(request('POST', `/logs/${ID}`))).to.equal(ID);
    expect(leanDrainId(request('POST', `/logs/${ID}?x=1`))).to.equal(ID);
    expect(leanDrainId(request('POST', '/logs/not-a-uuid'))).to.equal('not-a-uuid');
    for (const [method, url] of [
      ['GET', `/logs/${ID}`],
      ['PUT', `/logs/${ID}`],
      ['POST', `/logs/${ID}/`],
      ['POST', `/LOGS/${ID}`],
      ['POST', `/logs/%30${ID.slice(1)}`],
      ['POST', '/logs/'],
      ['POST', `/logs/${ID}/more`],
      ['POST', `http://vanity/logs/${ID}`],
      ['POST', `/logsx/${ID}`],
    ] as const) {
      expect(leanDrainId(request(method, url)), `${method} ${url}`).to.equal(undefined);
    }
    for (const headers of [{} as Record<string, string>, { 'transfer-encoding': 'chunked' }, { 'content-length': '10', 'content-encoding': 'gzip' }, { 'content-length': '1e3' }]) {
      expect(leanDrainId(request('POST', `/logs/${ID}`, headers)), JSON.stringify(headers)).to.equal(undefined);
    }
  });

  describe('over HTTP, the lean path and Express answer alike', () => {
    let server: TestServer;
    let drain: Provisioned;
    let authorization: string;
    beforeEach(async () => {
      server = await startTestServer({ VANITY_LOG_REQUESTS: 'true', VANITY_METRICS_TOKEN: METRICS_TOKEN });
      drain = await provision(server);
      const url = new URL(drain.logDrainUrl);
      authorization = `Basic ${Buffer.from(`${url.username}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    });
    afterEach(() => server.stop());

    const body = logplexBody([routerLine('2026-11-23T10:15:01Z', { path: '/a' }), routerLine('2026-11-23T10:15:02Z', { path: '/b', status: '503' })]);
    const totals = async () => server.store.readTotals(((await server.store.getResource(drain.id)) as Resource).seq);
    const drainUrl = (suffix = '') => `${server.url}/logs/${drain.id}${suffix}`;

    /** A chunked POST (no Content-Length): Express's drain route reads it. */
    function chunked(bytes: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
      const post = slowRequest(drainUrl(), 'POST', { authorization, 'content-type': 'application/logplex-1', ...headers });
      post.req.end(bytes);
      return post.answer;
    }

    it('counts the same batch sent plainly (lean), chunked, gzipped and to /logs/<id>/ (Express)', async () => {
      const plain = await fetch(drainUrl(), { method: 'POST', headers: { authorization }, body });
      expect(plain.status).to.equal(204);
      expect((await chunked(body)).status).to.equal(204);
      const gzipped = await fetch(drainUrl(), { method: 'POST', headers: { authorization, 'content-encoding': 'gzip' }, body: gzipSync(body) });
      expect(gzipped.status).to.equal(204);
      expect((await fetch(drainUrl('/'), { method: 'POST', headers: { authorization }, body })).status).to.equal(204);
      expect(await totals()).to.deep.equal({ requests: 8, lostLines: 0, parseErrors: 0 });
    });

    it('refuses alike: the same 401 with its challenge, and 413 for a declared or a chunked body over 1 MiB', async () => {
      const forged = `Basic ${Buffer.from('logplex:forged').toString('base64')}`;
      const lean = await fetch(drainUrl(), { method: 'POST', headers: { authorization: forged }, body });
      const viaExpress = await fetch(drainUrl('/'), { method: 'POST', headers: { authorization: forged }, body });
      for (const res of [lean, viaExpress]) {
        expect(res.status).to.equal(401);
        expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
        expect(res.headers.get('www-authenticate')).to.equal('Basic realm="Vanity drain"');
        expect(await res.json()).to.deep.equal({ message: 'invalid drain credentials' });
      }
      const declared = await fetch(drainUrl(), { method: 'POST', headers: { authorization }, body: Buffer.alloc(MiB + 1, 'x') });
      expect(declared.status).to.equal(413);
      expect(declared.headers.get('connection')).to.equal('close');
      const streamed = await chunked(Buffer.alloc(MiB + 1, 'x'));
      expect(streamed.status).to.equal(413);
      expect(streamed.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(await totals()).to.deep.equal({ requests: 0, lostLines: 0, parseErrors: 0 });
      expect(server.bodies.inUse()).to.equal(0);
    });

    it('writes the request log line and counts the answer under /logs/:id, as Express did', async () => {
      const res = await fetch(drainUrl('?ignored=1'), { method: 'POST', headers: { authorization, 'x-request-id': 'r-1' }, body });
      expect(res.status).to.equal(204);
      const drainLine = /msg=request method=POST path=\/logs\//;
      await server.logs.waitFor(drainLine);
      const lines = server.logs.lines.filter((line) => drainLine.test(line));
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(
        new RegExp(`^at=info msg=request method=POST path=/logs/${drain.id} status=204 duration_ms=\\d+\\.\\d bytes_in=${body.length} request_id=r-1$`),
      );
      const scrape = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const answers = (await scrape.text()).split('\n').filter((line) => line.startsWith('vanity_http_responses_total{route="/logs'));
      expect(answers).to.deep.equal(['vanity_http_responses_total{route="/logs/:id",status="204"} 1']);
    });
  });
});
