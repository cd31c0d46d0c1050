import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { STALE_CLAIM_SECONDS, milestoneId, milestonesUpTo } from '../../src/milestones/milestones.js';
import { startServer } from '../../src/server.js';
import { apiGet } from '../support/api-client.js';
import { provision, provisionBody } from '../support/provider-client.js';
import { startHerokuStandIn, standInEnv } from '../support/heroku-stand-in.js';
import type { HerokuStandIn } from '../support/heroku-stand-in.js';
import { postRouterLines } from '../support/logplex.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

/** `count` router lines in one drain POST, all at `time`, counted. */
async function drain(logDrainUrl: string, count: number, time: string): Promise<void> {
  expect(await postRouterLines(logDrainUrl, count, time)).to.equal(204);
}

describe('milestones', () => {
  it('are 1,000, 10,000, 100,000, 1,000,000 and every further power of ten', () => {
    expect(milestonesUpTo(999)).to.deep.equal([]);
    expect(milestonesUpTo(1000)).to.deep.equal([1000]);
    expect(milestonesUpTo(123_456_789)).to.deep.equal([1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]);
  });

  describe('on a server with a log input', () => {
    let stand: HerokuStandIn;
    let server: TestServer;
    // How far the server's clock runs ahead of the real one (a test moves it past a lease).
    let aheadMs = 0;
    beforeEach(async () => {
      aheadMs = 0;
      stand = await startHerokuStandIn();
      server = await startTestServer(standInEnv(stand), { log: () => undefined, now: () => new Date(Date.now() + aheadMs) });
    });
    afterEach(async () => {
      await server.stop();
      await stand.stop();
    });

    async function addResource() {
      const body = provisionBody();
      const id = String(body.uuid);
      const provisioned = await provision(server, { ...body, log_input_url: stand.logInputUrl(id), oauth_grant: undefined });
      return { ...provisioned, seq: (await server.store.getResource(id))!.seq };
    }

    const minuteAgo = (minutes: number) => {
      const t = new Date(Date.now() - minutes * 60_000);
      t.setUTCSeconds(0, 0);
      return t;
    };

    it('records the milestone with the minute it was reached and writes exactly one line to the app log', async () => {
      const { id, seq, logDrainUrl, vanityUrl } = await addResource();
      const first = minuteAgo(5);
      const second = minuteAgo(3);
      await drain(logDrainUrl, 600, new Date(first.getTime() + 10_000).toISOString());
      await drain(logDrainUrl, 500, new Date(second.getTime() + 10_000).toISOString());
      await server.jobs.runNow();
      await server.jobs.runNow();

      const [milestone] = await server.store.listMilestones(seq);
      expect(milestone).to.include({ value: 1000, reachedAt: second.getTime() / 1000, delivery: 'sent' });
      const lines = stand.callsTo('POST', '/logs');
      expect(lines).to.have.length(1);
      expect(lines[0]!.body).to.match(/^\d+ <190>1 \S+ vanity app vanity - - source=vanity milestone=1000 count#vanity.milestone=1 /);
      expect(lines[0]!.body).to.contain(`reached_at=${second.toISOString()}`);

      const summary = (await apiGet<{ milestones: unknown }>(vanityUrl, '')).body;
      expect(summary.milestones).to.deep.equal([{ value: 1000, reached_at: second.toISOString(), log_line: 'sent' }]);
      const counts = (await apiGet<{ milestones: unknown }>(vanityUrl, '/counts')).body;
      expect(counts.milestones).to.deep.equal(summary.milestones);
      expect(id).to.be.a('string');
    });

    it('retries a log input that answers 503, then 204: one line accepted, the same frame id both times', async () => {
      const { seq, logDrainUrl } = await addResource();
      stand.script({ method: 'POST', path: '/logs', status: 503 });
      await drain(logDrainUrl, 1000, new Date().toISOString());
      await server.jobs.runNow();
      const attempts = stand.callsTo('POST', '/logs');
      expect(attempts.map((c) => c.status)).to.deep.equal([503, 204]);
      expect(attempts[0]!.headers['logplex-frame-id']).to.equal(attempts[1]!.headers['logplex-frame-id']);
      expect((await server.store.listMilestones(seq))[0]).to.include({ delivery: 'sent' });
    });

    it('keeps a milestone pending while the log input is down and writes it once, in a later round', async () => {
      const { seq, logDrainUrl } = await addResource();
      stand.script({ method: 'POST', path: '/logs', status: 503, times: 4 });
      await drain(logDrainUrl, 1000, new Date().toISOString());
      await server.jobs.runNow();
      expect((await server.store.listMilestones(seq))[0]).to.include({ delivery: 'pending', deliveryReason: 'log input answered 503', attempts: 1 });
      await server.store.updateMilestone(seq, 1000, { nextAttemptAt: 0 }); // its backoff has passed
      await server.jobs.runNow();
      await server.jobs.runNow();
      expect(stand.callsTo('POST', '/logs').map((c) => c.status)).to.deep.equal([503, 503, 503, 503, 204]);
      expect((await server.store.listMilestones(seq))[0]).to.include({ delivery: 'sent' });
    });

    it('a second process on the same database (a restart, another dyno) does not write it again', async () => {
      const { seq, logDrainUrl } = await addResource();
      await drain(logDrainUrl, 1000, new Date().toISOString());
      await server.jobs.runNow();
      const config = loadConfig({ ...standInEnv(stand), PORT: '0', DATABASE_URL: server.database.url, VANITY_LOG_REQUESTS: 'false', VANITY_PLATFORM_INTERVAL_SECONDS: '0', VANITY_RETENTION_INTERVAL_SECONDS: '0' });
      const other = await startServer(config, { log: () => undefined });
      try {
        // A new process: its memo is empty, the milestone is in the database.
        await other.jobs.runNow();
      } finally {
        await other.stop();
      }
      expect(stand.callsTo('POST', '/logs')).to.have.length(1);
      expect(await server.store.listMilestones(seq)).to.have.length(1);
    });

    it('carries a stable milestone_id, equal to the Logplex-Frame-Id, so a reader can drop the copy a crash mid-POST can cause', async () => {
      const { id, seq, logDrainUrl } = await addResource();
      await drain(logDrainUrl, 1000, new Date().toISOString());
      await server.jobs.runNow();
      const [sent] = stand.callsTo('POST', '/logs');
      const expectedId = milestoneId({ id }, 1000);
      expect(sent!.body).to.contain(` milestone_id=${expectedId} `);
      expect(sent!.headers['logplex-frame-id']).to.equal(expectedId);

      // A process crashed after the log input took the line and before it recorded "sent": the
      // claim it left is a lease. While it holds, no other round sends the line again.
      const claimedAt = Math.floor((Date.now() + aheadMs) / 1000);
      await server.store.updateMilestone(seq, 1000, { delivery: 'sending', claimedAt, deliveredAt: null });
      await server.jobs.runNow();
      expect(stand.callsTo('POST', '/logs')).to.have.length(1);
      aheadMs = (STALE_CLAIM_SECONDS - 5) * 1000;
      await server.jobs.runNow();
      expect(stand.callsTo('POST', '/logs')).to.have.length(1);

      // Once the lease ran out the dead process's claim is taken over: the line is sent again
      // (Vanity cannot know it arrived), with the same milestone_id, and then never more.
      aheadMs = (STALE_CLAIM_SECONDS + 5) * 1000;
      await server.jobs.runNow();
      await server.jobs.runNow();
      const lines = stand.callsTo('POST', '/logs');
      expect(lines).to.have.length(2);
      expect(lines[1]!.body).to.contain(` milestone_id=${expectedId} `);
      expect((await server.store.listMilestones(seq))[0]).to.include({ delivery: 'sent' });
    });

    it('records a milestone without a line when Heroku sent no log_input_url', async () => {
      const { id, logDrainUrl } = await provision(server, { oauth_grant: undefined });
      const seq = (await server.store.getResource(id))!.seq;
      await drain(logDrainUrl, 1000, new Date().toISOString());
      await server.jobs.runNow();
      expect((await server.store.listMilestones(seq))[0]).to.include({ value: 1000, delivery: 'no_log_input' });
      expect(stand.callsTo('POST', '/logs')).to.have.length(0);
    });
  });
});
