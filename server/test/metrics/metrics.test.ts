import { expect } from 'chai';
import { formatLine } from '../../src/log/logger.js';
import { l2metFields } from '../../src/metrics/ops-flush.js';
import { createSelfMetrics } from '../../src/metrics/self-metrics.js';
import { fetchWithUserinfo, provision } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { logplexBody, routerLine } from '../support/logplex.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const TOKEN = 'metrics-token-for-tests';

/** Prometheus text exposition → sample name with labels → value (comments skipped). */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

describe('self-metrics', () => {
  describe('GET /metrics with VANITY_METRICS_TOKEN', () => {
    let server: TestServer;
    let drain: Provisioned;
    const logs: string[] = [];
    before(async () => {
      server = await startTestServer({ VANITY_METRICS_TOKEN: TOKEN }, { log: (line) => logs.push(line) });
      drain = await provision(server);
    });
    after(() => server.stop());

    const scrape = async () => {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      return parsePrometheus(await res.text());
    };

    it('refuses a missing or wrong token with 401 JSON', async () => {
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }]) {
        const res = await fetch(`${server.url}/metrics`, { headers });
        expect(res.status).to.equal(401);
        expect(await res.json()).to.have.property('message').that.matches(/VANITY_METRICS_TOKEN/);
      }
      expect((await fetch(`${server.url}/admin`)).status).to.equal(404);
    });

    it('counts drain batches, router lines, lost lines, parse errors, commits and answers by route', async () => {
      const before = await scrape();
      const body = logplexBody([
        routerLine(new Date().toISOString(), { path: '/a' }),
        routerLine(new Date().toISOString(), { path: '/b' }),
        '<172>1 2026-11-23T10:16:00+00:00 host heroku logplex - Error L10 (output buffer overflow): 5 messages dropped since 2026-11-23T10:00:00+00:00.\n',
        'garbage that is no frame\n',
      ]);
      const post = (frameId: string) =>
        fetchWithUserinfo(drain.logDrainUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/logplex-1', 'logplex-drain-token': drain.logDrainToken, 'logplex-frame-id': frameId },
          body,
        });
      expect((await post('m-1')).status).to.equal(204);
      expect((await post('m-1')).status).to.equal(204);
      const after = await scrape();
      const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
      expect(delta('vanity_drain_batches_total{outcome="accepted"}')).to.equal(1);
      expect(delta('vanity_drain_batches_total{outcome="duplicate"}')).to.equal(1);
      expect(delta('vanity_router_lines_total')).to.equal(2);
      expect(delta('vanity_lost_lines_total')).to.equal(5);
      expect(delta('vanity_parse_errors_total')).to.be.greaterThan(0);
      expect(delta('vanity_commit_seconds_count')).to.equal(2);
      expect(delta('vanity_commit_group_size_sum')).to.equal(2);
      expect(delta('vanity_http_responses_total{route="/logs/:id",status="204"}')).to.equal(2);
      expect(after.get('vanity_http_responses_total{route="/metrics",status="200"}')).to.be.greaterThan(0);
      expect(after.has('vanity_commit_queue_depth')).to.equal(true);
      expect(after.has('vanity_process_nodejs_eventloop_lag_p99_seconds')).to.equal(true);
    });

    it('prints one l2met line per interval with the commit samples and counts', async () => {
      await server.flushOperatorRecords();
      logs.length = 0;
      await server.flushOperatorRecords();
      expect(logs, 'an idle interval prints nothing').to.have.length(0);
      const body = logplexBody([routerLine(new Date().toISOString())]);
      const res = await fetchWithUserinfo(drain.logDrainUrl, { method: 'POST', headers: { 'logplex-frame-id': 'm-2' }, body });
      expect(res.status).to.equal(204);
      await server.flushOperatorRecords();
      expect(logs).to.have.length(1);
      expect(logs[0]).to.match(/^at=info msg=metrics source=vanity sample#vanity\.commit\.p50=[\d.]+ms sample#vanity\.commit\.p99=[\d.]+ms sample#vanity\.commit\.group_size=1 /);
      expect(logs[0]).to.contain(' count#vanity.lines=1 count#vanity.batches=1 count#vanity.batches.refused=0 ');
    });
  });

  it('the l2met line leaves out samples with no value', () => {
    const metrics = createSelfMetrics();
    metrics.drainBatch({ resourceSeq: 1, status: 503, duplicate: false, lines: 3, lostLines: 0, parseErrors: 0 });
    const line = formatLine('info', 'metrics', l2metFields(metrics.takeInterval()));
    metrics.stop();
    expect(line).to.match(/^at=info msg=metrics source=vanity sample#vanity\.commit\.queue_depth=0 (sample#vanity\.event_loop_lag\.p99=[\d.]+ms )?count#vanity\.lines=0 count#vanity\.batches=0 count#vanity\.batches\.refused=1 count#vanity\.lost_lines=0 count#vanity\.parse_errors=0$/);
  });
});
