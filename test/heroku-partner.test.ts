import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { webhookSignature } from '../server/src/releases/webhook-routes.js';
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
  const body = (await res.json()) as { log_drain_url: string; config: { VANITY_URL: string } };
  expect(new URL(body.log_drain_url).protocol).to.equal('https:');
  return { uuid, code, logDrainUrl: body.log_drain_url, vanityUrl: body.config.VANITY_URL };
}

const exchanged = (code: string) => (c: RecordedCall) => c.path === '/oauth/token' && c.status === 200 && new URLSearchParams(c.body).get('code') === code;

/** GET on the resource's developer API, at the server we talk to. */
async function vanityGet<T>(vanityUrl: string, server: SpawnedServer, path: string): Promise<T> {
  const { url, authorization } = splitUserinfo(rebaseOrigin(vanityUrl, server.url));
  const res = await fetch(`${url}${path}`, { headers: { authorization } });
  expect(res.status, path).to.equal(200);
  return (await res.json()) as T;
}

/** Heroku's delivery of an `api:release` event to the URL the subscription named, signed with its secret. */
async function deliverRelease(subscription: { url: string; secret: string }, server: SpawnedServer, version: number): Promise<number> {
  const body = JSON.stringify({
    id: `delivery-${version}`,
    resource: 'release',
    action: 'create',
    data: { version, description: `Deploy v${version}`, status: 'succeeded', created_at: new Date().toISOString() },
    webhook_metadata: { event: { id: `event-${version}`, include: 'api:release' } },
  });
  const res = await fetch(rebaseOrigin(subscription.url, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'heroku-webhook-hmac-sha256': webhookSignature(subscription.secret, body) },
    body,
  });
  return res.status;
}

/**
 * The whole partner conversation against the Heroku stand-in: provision with a grant → token →
 * webhook subscription → a signed release → 1,000 simulated requests through the drain → one
 * milestone line at the log input, written once although every process runs the platform job.
 */
async function partnerConversation(servers: SpawnedServer[], stand: HerokuStandIn): Promise<void> {
  const [first] = servers as [SpawnedServer];
  const { uuid, code, logDrainUrl, vanityUrl } = await provisionWithGrant(first, stand);
  const exchange = await stand.waitFor(exchanged(code));
  const { access_token: token } = exchange.answer as { access_token: string };
  const subscription = await stand.waitFor((c) => c.method === 'POST' && c.path === `/addons/${uuid}/webhooks` && c.status === 201);
  // The subscription is made with the very token the grant was exchanged for.
  expect(subscription.headers.authorization).to.equal(`Bearer ${token}`);
  const subscribed = JSON.parse(subscription.body) as { include: string[]; level: string; url: string; secret: string };
  expect(subscribed).to.deep.include({ include: ['api:release'], level: 'notify' });
  expect(new URL(subscribed.url).pathname).to.equal('/heroku/webhooks');

  // Heroku delivers a release to whichever process: it is stored once, and the API shows it.
  expect(await deliverRelease(subscribed, servers[servers.length - 1]!, 7)).to.equal(204);
  expect(await deliverRelease(subscribed, first, 7)).to.equal(204);
  expect(await deliverRelease({ ...subscribed, secret: 'forged' }, first, 8)).to.equal(401);
  const scorecard = await vanityGet<{ tracking: string; releases: Array<{ version: number }> }>(vanityUrl, first, '/releases');
  expect(scorecard.tracking).to.equal('subscribed');
  expect(scorecard.releases.map((r) => r.version)).to.deep.equal([7]);

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
  // Every line the log input took for this app: that one.
  expect(stand.callsTo('POST', '/logs').filter((c) => c.headers.authorization === line.headers.authorization && c.status === 204)).to.have.length(1);
  const counts = await vanityGet<{ total: number; milestones: Array<{ value: number; log_line: string }> }>(vanityUrl, servers[servers.length - 1]!, '/counts');
  expect(counts.total).to.equal(routerLines);
  expect(counts.milestones.map((m) => [m.value, m.log_line])).to.deep.equal([[1000, 'sent']]);
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

  it('one process on SQLite: a token, a webhook subscription, a signed release stored once and one milestone line after 1,000 requests', async () => {
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
