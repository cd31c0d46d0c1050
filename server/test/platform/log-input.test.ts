import { expect } from 'chai';
import { l2metMessage, logplexBody, postLogLines, writeAppLog } from '../../src/platform/log-input.js';
import { retryPolicy } from '../../src/platform/backoff.js';
import { USER_AGENT } from '../../src/platform/user-agent.js';
import { provision, provisionBody } from '../support/provider-client.js';
import { startHerokuStandIn, standInEnv, withGrant } from '../support/heroku-stand-in.js';
import type { HerokuStandIn } from '../support/heroku-stand-in.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const retry = retryPolicy(5);
const line = { time: new Date('2026-12-03T10:00:00.000Z'), fields: { milestone: 1000, msg: 'a "quoted" thing' } };

describe('platform: log input writer', () => {
  let stand: HerokuStandIn;
  beforeEach(async () => {
    stand = await startHerokuStandIn();
  });
  afterEach(async () => {
    await stand.stop();
  });

  it('writes l2met key=value messages with source=vanity first, quoting what needs it', () => {
    expect(l2metMessage({ milestone: 1000, msg: 'a "quoted" thing', ok: true })).to.equal('source=vanity milestone=1000 msg="a \\"quoted\\" thing" ok=true');
    expect(l2metMessage({ msg: 'two\nlines' })).to.equal('source=vanity msg="two lines"');
  });

  it('frames lines as logplex-1: octet-counted RFC 5424 messages, lengths in bytes', () => {
    const body = logplexBody([line, { time: line.time, fields: { note: 'é' } }]).toString('utf8');
    const first = '<190>1 2026-12-03T10:00:00.000Z vanity app vanity - - source=vanity milestone=1000 msg="a \\"quoted\\" thing"';
    const second = '<190>1 2026-12-03T10:00:00.000Z vanity app vanity - - source=vanity note="é"';
    expect(body).to.equal(`${Buffer.byteLength(first)} ${first}${Buffer.byteLength(second)} ${second}`);
  });

  it('POSTs with Content-Length, Content-Type, Logplex-Msg-Count, the User-Agent and the URL credential as basic auth', async () => {
    const result = await postLogLines(stand.logInputUrl('abc'), [line], retry, 'FRAME1');
    expect(result).to.deep.equal({ outcome: 'delivered', status: 204 });
    const [call] = stand.callsTo('POST', '/logs');
    expect(call!.headers['content-type']).to.equal('application/logplex-1');
    expect(call!.headers['content-length']).to.equal(String(Buffer.byteLength(call!.body)));
    expect(call!.headers['transfer-encoding']).to.equal(undefined);
    expect(call!.headers['logplex-msg-count']).to.equal('1');
    expect(call!.headers['logplex-frame-id']).to.equal('FRAME1');
    expect(call!.headers['user-agent']).to.equal(USER_AGENT).and.match(/Vanity/);
    expect(call!.headers.authorization).to.equal(`Basic ${Buffer.from('token:t.abc').toString('base64')}`);
    expect(call!.body).to.equal(logplexBody([line]).toString('utf8'));
  });

  it('retries a 503 with backoff and the same frame id until the log input takes the line', async () => {
    stand.script({ method: 'POST', path: '/logs', status: 503, times: 2 });
    const result = await postLogLines(stand.logInputUrl('abc'), [line], retry, 'FRAME2');
    expect(result).to.deep.equal({ outcome: 'delivered', status: 204 });
    expect(stand.callsTo('POST', '/logs').map((c) => [c.status, c.headers['logplex-frame-id']])).to.deep.equal([
      [503, 'FRAME2'],
      [503, 'FRAME2'],
      [204, 'FRAME2'],
    ]);
  });

  it('gives up after the last retry and says why', async () => {
    stand.script({ method: 'POST', path: '/logs', status: 500, times: 10 });
    const result = await postLogLines(stand.logInputUrl('abc'), [line], retry);
    expect(result).to.deep.equal({ outcome: 'failed', reason: 'log input answered 500' });
    expect(stand.callsTo('POST', '/logs')).to.have.length(retry.attempts);
  });

  it('does not repeat a request the log input refused (4xx)', async () => {
    stand.script({ method: 'POST', path: '/logs', status: 403 });
    const result = await postLogLines(stand.logInputUrl('abc'), [line], retry);
    expect(result).to.deep.equal({ outcome: 'rejected', status: 403, reason: 'log input answered 403' });
    expect(stand.callsTo('POST', '/logs')).to.have.length(1);
  });

  describe('writeAppLog, for a provisioned resource', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(standInEnv(stand));
    });
    afterEach(async () => {
      await server.stop();
    });

    async function provisionWithToken(logInputPath: string) {
      const body = provisionBody();
      const id = String(body.uuid);
      await provision(server, { ...withGrant(stand, body), log_input_url: `http://token:t.${id}@${new URL(stand.url).host}${logInputPath}` });
      await server.jobs.runNow();
      const resource = (await server.store.getResource(id))!;
      expect((await server.store.getPlatform(resource.seq))?.tokenState).to.equal('ok');
      return resource;
    }

    it('writes through the log_input_url stored at provision', async () => {
      const resource = await provisionWithToken('/logs/first');
      const result = await writeAppLog(server.platform, resource, [line]);
      expect(result).to.deep.equal({ outcome: 'delivered', status: 204 });
      expect(stand.callsTo('POST', '/logs/first')).to.have.length(1);
    });

    it('on a 4xx reads the URL again from the Platform API, stores it and writes there', async () => {
      const resource = await provisionWithToken('/logs/old');
      stand.addonLogInputUrls.set(resource.id, `http://token:t.new@${new URL(stand.url).host}/logs/new`);
      stand.script({ method: 'POST', path: '/logs/old', status: 403 });
      const result = await writeAppLog(server.platform, resource, [line]);
      expect(result).to.deep.equal({ outcome: 'delivered', status: 204 });
      const read = stand.callsTo('GET', `/addons/${resource.id}`);
      expect(read).to.have.length(1);
      expect(read[0]!.headers.accept).to.equal('application/vnd.heroku+json; version=3');
      expect(stand.callsTo('POST', '/logs/new')).to.have.length(1);
      const stored = (await server.store.getPlatform(resource.seq))!.logInputUrl!;
      expect(stored).not.to.contain('t.new');
      expect(server.platform.box.open(stored)).to.contain('/logs/new');
    });

    it('counts every write that reached the log input in the self-metrics, delivered or not', async () => {
      const deliveries = async (outcome: string) => {
        const metric = await server.metrics.registry.getSingleMetric('vanity_deliveries_total')?.get();
        return metric?.values.find((v) => v.labels.channel === 'log_input' && v.labels.outcome === outcome)?.value ?? 0;
      };
      const [ok, failed] = [await deliveries('ok'), await deliveries('failed')];
      const resource = await provisionWithToken('/logs/counted');
      await writeAppLog(server.platform, resource, [line]);
      stand.script({ method: 'POST', path: '/logs/counted', status: 400 });
      expect((await writeAppLog(server.platform, resource, [line])).outcome).to.equal('rejected');
      expect([(await deliveries('ok')) - ok, (await deliveries('failed')) - failed]).to.deep.equal([1, 1]);
    });

    it('says so when Heroku sent no log_input_url', async () => {
      const { id } = await provision(server);
      const resource = (await server.store.getResource(id))!;
      expect(await writeAppLog(server.platform, resource, [line])).to.deep.equal({
        outcome: 'no_log_input',
        reason: 'Heroku sent no log_input_url for this add-on',
      });
    });
  });
});
