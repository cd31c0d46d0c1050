import { expect } from 'chai';
import { fetchWithUserinfo, provision, providerFetch } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { L10_GLUED_BODY, logplexBody, routerLine } from '../support/logplex.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import type { Dimension, Level } from '../../src/model/levels.js';
import type { Resource } from '../../src/model/resource.js';

const MINUTE = '2026-11-23T10:15';
const at = (second: number) => `${MINUTE}:${String(second).padStart(2, '0')}.000000+00:00`;
const threeRequests = () =>
  logplexBody([
    routerLine(at(1), { path: '/users/1', status: '200' }),
    '<190>1 2026-11-23T10:15:02+00:00 host app web.1 - [info] GET /users/1\n',
    routerLine(at(3), { path: '/users/2', status: '503' }),
    routerLine(at(4), { method: 'POST', path: '/users', status: '201' }),
  ]);

describe('drain: POST /logs/:id', () => {
  let server: TestServer;
  let drain: Provisioned;
  let resource: Resource;
  let logs: string[];

  beforeEach(async () => {
    logs = [];
    server = await startTestServer({}, { log: (line) => logs.push(line) });
    drain = await provision(server);
    resource = (await server.store.getResource(drain.id)) as Resource;
  });
  afterEach(() => server.stop());

  let frameSeq = 0;
  const nextFrameId = () => `09C557EAFCFB6CF2740EE62F${String(++frameSeq).padStart(8, '0')}`;

  function post(body: Buffer | string, headers: Record<string, string> = {}, url = drain.logDrainUrl) {
    return fetchWithUserinfo(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/logplex-1',
        'logplex-drain-token': drain.logDrainToken,
        'user-agent': 'Logplex/v72',
        ...headers,
      },
      body,
    });
  }

  const totals = () => server.store.readTotals(resource.seq);
  async function counts(level: Level, dims: Dimension[]): Promise<Record<string, number>> {
    const rows = await server.store.readCounts({ resourceSeq: resource.seq, level, from: 0, to: 2 ** 40, dims });
    return Object.fromEntries(rows.map((r) => [`${r.dim}=${r.key}`, r.n]));
  }

  it('answers 204 and counts router lines at hour and day with their breakdowns, per minute only the series', async () => {
    const res = await post(threeRequests(), { 'logplex-msg-count': '4', 'logplex-frame-id': nextFrameId() });
    expect(res.status).to.equal(204);
    expect(await res.text()).to.equal('');
    expect(await totals()).to.deep.equal({ requests: 3, lostLines: 0, parseErrors: 0 });
    expect(await counts('minute', ['all', 'error', 'status', 'method', 'path'])).to.deep.equal({ 'all=': 3, 'error=': 1 });
    for (const level of ['hour', 'day'] as const) {
      expect(await counts(level, ['all', 'error', 'status', 'method', 'path'])).to.deep.equal({
        'all=': 3,
        'error=': 1,
        'status=200': 1,
        'status=201': 1,
        'status=503': 1,
        'method=GET': 2,
        'method=POST': 1,
        'path=/users/:id': 2,
        'path=/users': 1,
      });
    }
    const [minuteRow] = await server.store.readCounts({ resourceSeq: resource.seq, level: 'minute', from: 0, to: 2 ** 40, dims: ['all'] });
    expect(minuteRow?.bucket).to.equal(Date.parse(`${MINUTE}:00Z`) / 1000);
  });

  it('counts L10 lost lines', async () => {
    expect((await post(L10_GLUED_BODY, { 'logplex-msg-count': '2' })).status).to.equal(204);
    expect(await totals()).to.deep.equal({ requests: 0, lostLines: 1, parseErrors: 0 });
    expect(await counts('day', ['lost'])).to.deep.equal({ 'lost=': 1 });
  });

  describe('authentication (counts nothing when refused)', () => {
    const withPassword = (url: string, password: string) => {
      const u = new URL(url);
      u.password = password;
      return u.toString();
    };

    it('answers 401 for a forged drain key', async () => {
      const res = await post(threeRequests(), {}, withPassword(drain.logDrainUrl, 'forged'));
      expect(res.status).to.equal(401);
      expect(await res.json()).to.have.property('message');
    });

    it('answers 401 without credentials', async () => {
      const url = new URL(drain.logDrainUrl);
      const res = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: threeRequests() });
      expect(res.status).to.equal(401);
    });

    it("answers 401 for another resource's drain key", async () => {
      const other = await provision(server);
      const res = await post(threeRequests(), {}, withPassword(drain.logDrainUrl, new URL(other.logDrainUrl).password));
      expect(res.status).to.equal(401);
    });

    it("answers 401 for another resource's Logplex-Drain-Token", async () => {
      const res = await post(threeRequests(), { 'logplex-drain-token': 'd.00000000-0000-0000-0000-000000000000' });
      expect(res.status).to.equal(401);
    });

    afterEach(async () => {
      expect(await totals()).to.deep.equal({ requests: 0, lostLines: 0, parseErrors: 0 });
    });
  });

  it('accepts a POST without Logplex-Drain-Token and Logplex-Frame-Id (Private Spaces), counting each one', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetchWithUserinfo(drain.logDrainUrl, { method: 'POST', headers: { 'content-type': 'application/logplex-1' }, body: threeRequests() });
      expect(res.status).to.equal(204);
    }
    expect((await totals()).requests).to.equal(6);
  });

  it('answers 404 for an unknown resource and for a deprovisioned one', async () => {
    const unknown = drain.logDrainUrl.replace(drain.id, '00000000-0000-4000-8000-000000000000');
    expect((await post(threeRequests(), {}, unknown)).status).to.equal(404);
    expect((await providerFetch(server, 'DELETE', `/${drain.id}`)).status).to.equal(204);
    const res = await post(threeRequests());
    expect(res.status).to.equal(404);
    expect(await res.json()).to.have.property('message');
  });

  it('counts a retried Frame-Id once', async () => {
    const frameId = nextFrameId();
    for (let i = 0; i < 3; i++) expect((await post(threeRequests(), { 'logplex-frame-id': frameId })).status).to.equal(204);
    expect((await totals()).requests).to.equal(3);
    expect(await counts('minute', ['all'])).to.deep.equal({ 'all=': 3 });
  });

  it('counts the same Frame-Id once when a retry arrives while the first try is still committing', async () => {
    const frameId = nextFrameId();
    const statuses = await Promise.all([1, 2, 3].map(() => post(threeRequests(), { 'logplex-frame-id': frameId }).then((r) => r.status)));
    expect(statuses).to.deep.equal([204, 204, 204]);
    expect((await totals()).requests).to.equal(3);
  });

  it('counts many concurrent batches exactly', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, () => post(threeRequests(), { 'logplex-frame-id': nextFrameId() }).then((r) => r.status)));
    expect(new Set(statuses)).to.deep.equal(new Set([204]));
    expect((await totals()).requests).to.equal(60);
  });

  it('still counts the frames and answers 204 when Logplex-Msg-Count disagrees, recording one parse error', async () => {
    const frameId = nextFrameId();
    const res = await post(threeRequests(), { 'logplex-msg-count': '7', 'logplex-frame-id': frameId });
    expect(res.status).to.equal(204);
    expect(await totals()).to.deep.equal({ requests: 3, lostLines: 0, parseErrors: 1 });
    expect(logs).to.deep.equal([
      `at=warn msg="drain batch with parse errors" resource=${drain.id} frame_id=${frameId} msg_count=7 frames=4 parse_errors=1 requests=3`,
    ]);
    const drainKey = decodeURIComponent(new URL(drain.logDrainUrl).password);
    expect(logs.join('\n')).not.to.include(drainKey);
  });

  it('counts the good frames around a bad one', async () => {
    const bad = Buffer.from(routerLine(at(30)));
    const body = Buffer.concat([
      logplexBody([routerLine(at(10)), 'garbage without a syslog header\n']),
      Buffer.from(`${bad.length + 25} `),
      bad,
      logplexBody([routerLine(at(40))]),
    ]);
    const res = await post(body, { 'logplex-msg-count': '4' });
    expect(res.status).to.equal(204);
    expect(await totals()).to.deep.equal({ requests: 3, lostLines: 0, parseErrors: 2 });
  });

  it('answers 413 to a body over 1 MiB and counts nothing', async () => {
    const line = routerLine(at(1));
    const frames = Math.ceil((1024 * 1024) / Buffer.byteLength(line)) + 1;
    const res = await post(logplexBody(Array.from({ length: frames }, () => line)));
    expect(res.status).to.equal(413);
    expect(await res.json()).to.have.property('message');
    expect((await totals()).requests).to.equal(0);
  });

  it('accepts a body of almost 1 MiB', async () => {
    const line = routerLine(at(1));
    const frames = Math.floor((1024 * 1024) / Buffer.byteLength(octet(line)));
    const res = await post(logplexBody(Array.from({ length: frames }, () => line)));
    expect(res.status).to.equal(204);
    expect((await totals()).requests).to.equal(frames);
  });

  it('answers 204 to an empty body or app output only, counting nothing', async () => {
    expect((await post('')).status).to.equal(204);
    expect((await post(logplexBody(['<190>1 2026-11-23T10:15:02+00:00 host app web.1 - hello\n']))).status).to.equal(204);
    expect(await totals()).to.deep.equal({ requests: 0, lostLines: 0, parseErrors: 0 });
  });

  it('answers 503 when the commit fails, and counts the retry of the same frame once', async () => {
    const repair = await server.database.failWrites('totals', 'disk on fire');
    const frameId = nextFrameId();
    const failed = await post(threeRequests(), { 'logplex-frame-id': frameId });
    expect(failed.status).to.equal(503);
    expect(await failed.json()).to.have.property('message');
    expect(logs).to.deep.equal([`at=error msg="drain commit failed" resource=${drain.id} error="disk on fire"`]);
    await repair();
    expect((await post(threeRequests(), { 'logplex-frame-id': frameId })).status).to.equal(204);
    expect((await post(threeRequests(), { 'logplex-frame-id': frameId })).status).to.equal(204);
    expect((await totals()).requests).to.equal(3);
    expect(await counts('minute', ['all'])).to.deep.equal({ 'all=': 3 });
  });

  it('caps distinct paths per day (VANITY_PATH_CAP), counting the rest under (other)', async () => {
    await server.stop();
    server = await startTestServer({ VANITY_PATH_CAP: '2' }, { log: (line) => logs.push(line) });
    drain = await provision(server);
    resource = (await server.store.getResource(drain.id)) as Resource;
    const body = logplexBody(['/a', '/b', '/c', '/a', '/d'].map((path, i) => routerLine(at(i), { path })));
    expect((await post(body)).status).to.equal(204);
    expect(await counts('day', ['path'])).to.deep.equal({ 'path=/a': 2, 'path=/b': 1, 'path=(other)': 2 });
    expect(await counts('hour', ['path'])).to.deep.equal({ 'path=/a': 2, 'path=/b': 1, 'path=(other)': 2 });
  });
});

function octet(message: string): Buffer {
  return logplexBody([message]);
}
