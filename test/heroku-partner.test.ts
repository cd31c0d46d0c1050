import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { rebaseOrigin, splitUserinfo } from '../server/src/simulate/credentialed-url.js';
import { providerCredentials } from '../server/src/simulate/provision-app.js';
import { startHerokuStandIn, standInEnv } from '../server/test/support/heroku-stand-in.js';
import type { HerokuStandIn, RecordedCall } from '../server/test/support/heroku-stand-in.js';
import { drainBatches, postBatch } from './support/drain-traffic.js';
import { createTestSchema, testPostgres } from './support/postgres.js';
import { spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const { id: addonId, password } = providerCredentials();
const providerAuth = `Basic ${Buffer.from(`${addonId}:${password}`).toString('base64')}`;

/** Provisions as Heroku does, with an oauth_grant, callback_url and log_input_url at the stand-in. */
async function provisionWithGrant(server: SpawnedServer, stand: HerokuStandIn) {
  const uuid = randomUUID();
  const code = `grant-${uuid}`;
  stand.grants.add(code);
  const res = await fetch(`${server.url}/heroku/resources`, {
    method: 'POST',
    headers: { authorization: providerAuth, 'content-type': 'application/json', accept: 'application/vnd.heroku-addons+json; version=3' },
    body: JSON.stringify({
      uuid,
      name: 'shop-vanity',
      plan: 'hobby',
      region: 'amazon-web-services::us-east-1',
      callback_url: `${stand.url}/addons/${uuid}`,
      oauth_grant: { code, expires_at: new Date(Date.now() + 300_000).toISOString(), type: 'authorization_code' },
      log_input_url: stand.logInputUrl(uuid),
      log_drain_token: `d.${uuid}`,
    }),
  });
  expect(res.status).to.equal(200);
  const body = (await res.json()) as { log_drain_url: string };
  expect(new URL(body.log_drain_url).protocol).to.equal('https:');
  return { uuid, code, logDrainUrl: body.log_drain_url };
}

const exchanged = (code: string) => (c: RecordedCall) => c.path === '/oauth/token' && c.status === 200 && new URLSearchParams(c.body).get('code') === code;

/**
 * The whole partner conversation against the Heroku stand-in: provision with a grant → token →
 * webhook subscription → 1,000 simulated requests through the drain → one milestone line at the
 * log input, written once although every process runs the platform job.
 */
async function partnerConversation(servers: SpawnedServer[], stand: HerokuStandIn): Promise<void> {
  const [first] = servers as [SpawnedServer];
  const { uuid, code, logDrainUrl } = await provisionWithGrant(first, stand);
  await stand.waitFor(exchanged(code));
  const subscription = await stand.waitFor((c) => c.method === 'POST' && c.path === `/addons/${uuid}/webhooks` && c.status === 201);
  expect(subscription.headers.authorization).to.match(/^Bearer access-\d+$/);
  expect(JSON.parse(subscription.body)).to.deep.include({ include: ['api:release'], level: 'notify' });

  const batches = drainBatches(25, 60);
  const routerLines = batches.reduce((sum, b) => sum + b.routerLines, 0);
  expect(routerLines).to.be.within(1000, 9999);
  const drains = servers.map((s) => splitUserinfo(rebaseOrigin(logDrainUrl, s.url)));
  const statuses = await Promise.all(batches.map((batch, i) => postBatch(drains[i % drains.length]!, batch)));
  expect(statuses.filter((s) => s !== 204)).to.deep.equal([]);

  const line = await stand.waitFor((c) => c.method === 'POST' && c.path === '/logs' && c.status === 204);
  expect(line.body).to.match(/ vanity app vanity - - source=vanity milestone=1000 /);
  expect(line.headers.authorization).to.equal(`Basic ${Buffer.from(`token:t.${uuid}`).toString('base64')}`);

  // Two more grant exchanges, each in a round that began after the line was written (rounds run
  // one at a time across the processes): neither may write the milestone again.
  for (let i = 0; i < 2; i++) {
    const later = await provisionWithGrant(servers[i % servers.length]!, stand);
    await stand.waitFor(exchanged(later.code));
  }
  const milestoneLines = stand.callsTo('POST', '/logs').filter((c) => c.body.includes(`milestone=1000`) && c.headers.authorization?.includes(Buffer.from(`token:t.${uuid}`).toString('base64')));
  expect(milestoneLines).to.have.length(1);
}

describe('Vanity as a Heroku partner (Platform API, log input and webhooks against the stand-in)', () => {
  let stand: HerokuStandIn;
  let servers: SpawnedServer[] = [];
  beforeEach(async () => {
    stand = await startHerokuStandIn();
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    servers = [];
    await stand.stop();
  });

  const env = () => ({ ...standInEnv(stand), VANITY_PLATFORM_INTERVAL_SECONDS: '1', VANITY_LOG_REQUESTS: 'false' });

  it('one process on SQLite: a token, a webhook subscription and one milestone line after 1,000 requests', async () => {
    servers = [await spawnServer(env())];
    await partnerConversation(servers, stand);
  });

  it('two processes on one PostgreSQL: the same, and the milestone line is written exactly once', async function () {
    const postgres = await testPostgres();
    if ('skipped' in postgres) return this.skip();
    const schema = await createTestSchema(postgres.url);
    try {
      servers = await Promise.all([spawnServer({ ...env(), DATABASE_URL: schema.url }), spawnServer({ ...env(), DATABASE_URL: schema.url })]);
      await partnerConversation(servers, stand);
    } finally {
      await Promise.all(servers.map((s) => s.kill()));
      servers = [];
      await schema.drop();
    }
  });
});
