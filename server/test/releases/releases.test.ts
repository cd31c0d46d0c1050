import { expect } from 'chai';
import { webhookSignature } from '../../src/releases/webhook-routes.js';
import { apiGet } from '../support/api-client.js';
import { startHerokuStandIn, standInEnv, withGrant } from '../support/heroku-stand-in.js';
import type { HerokuStandIn } from '../support/heroku-stand-in.js';
import { expectJsonError } from '../support/json-error.js';
import { provision, provisionBody } from '../support/provider-client.js';
import { seedRequests } from '../support/seed-counts.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

/** An `api:release` add-on webhook event, as Heroku delivers it. */
function releaseEvent(eventId: string, version: number, createdAt: string, description = `Deploy ${version}`) {
  return {
    id: `delivery-${eventId}`,
    action: 'create',
    resource: 'release',
    data: { version, description, status: 'succeeded', created_at: createdAt, app: { name: 'shop' } },
    webhook_metadata: { event: { id: eventId, include: 'api:release' }, delivery: { id: `delivery-${eventId}` } },
  };
}

interface Subscribed {
  id: string;
  vanityUrl: string;
  /** Where the subscription told Heroku to deliver, and the secret it signs with. */
  url: string;
  secret: string;
}

describe('releases: add-on webhooks and the deploy scorecard', () => {
  let stand: HerokuStandIn;
  let server: TestServer;
  beforeEach(async () => {
    stand = await startHerokuStandIn();
    server = await startTestServer(standInEnv(stand), { now: () => new Date('2026-11-24T12:30:00Z'), log: () => undefined });
  });
  afterEach(async () => {
    await server.stop();
    await stand.stop();
  });

  /** Provisions with a grant, lets the round exchange it and subscribe, and reads what Heroku was sent. */
  async function subscribed(): Promise<Subscribed> {
    const { id, vanityUrl } = await provision(server, withGrant(stand, provisionBody()));
    await server.jobs.runNow();
    const call = await stand.waitFor((c) => c.method === 'POST' && c.path === `/addons/${id}/webhooks`);
    const body = JSON.parse(call.body) as { url: string; secret: string; include: string[]; level: string };
    expect(body).to.deep.include({ include: ['api:release'], level: 'notify' });
    return { id, vanityUrl, url: body.url, secret: body.secret };
  }

  function deliver(to: Subscribed, event: unknown, signature = webhookSignature(to.secret, JSON.stringify(event))) {
    return fetch(to.url, { method: 'POST', headers: { 'content-type': 'application/json', 'heroku-webhook-hmac-sha256': signature }, body: JSON.stringify(event) });
  }

  async function releasesOf(vanityUrl: string, query = '') {
    const answer = await apiGet<{ tracking: string; releases: Array<Record<string, unknown>> }>(vanityUrl, `/releases${query}`);
    expect(answer.status).to.equal(200);
    return answer.body;
  }

  it('stores a release signed with the subscription secret and shows it in /counts for its range and in /releases', async () => {
    const to = await subscribed();
    expect(new URL(to.url).pathname).to.equal('/heroku/webhooks');
    expect((await deliver(to, releaseEvent('ev-1', 42, '2026-11-24T10:15:30Z', 'Deploy 3f2a1b'))).status).to.equal(204);

    const release = { version: 42, description: 'Deploy 3f2a1b', status: 'succeeded', released_at: '2026-11-24T10:15:30.000Z' };
    const counts = await apiGet<{ releases: unknown }>(to.vanityUrl, '/counts?since=24h');
    expect(counts.body.releases).to.deep.equal([release]);
    const earlier = await apiGet<{ releases: unknown }>(to.vanityUrl, '/counts?since=2026-11-23T00:00Z&until=2026-11-24T09:00Z');
    expect(earlier.body.releases).to.deep.equal([]);
    const scorecard = await releasesOf(to.vanityUrl);
    expect(scorecard.tracking).to.equal('subscribed');
    expect(scorecard.releases.map((r) => r.version)).to.deep.equal([42]);
  });

  it('refuses a forged, missing or other resource\'s signature with 401 and stores nothing', async () => {
    const to = await subscribed();
    const other = await subscribed();
    const event = releaseEvent('ev-2', 7, '2026-11-24T10:00:00Z');
    await expectJsonError(await deliver(to, event, webhookSignature('not-the-secret', JSON.stringify(event))), 401, 'invalid webhook signature');
    await expectJsonError(await deliver(to, event, webhookSignature(other.secret, JSON.stringify(event))), 401, 'invalid webhook signature');
    const unsigned = await fetch(to.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    await expectJsonError(unsigned, 401, 'invalid webhook signature');
    // A valid signature over a different body than the one sent.
    const tampered = await fetch(to.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'heroku-webhook-hmac-sha256': webhookSignature(to.secret, JSON.stringify(event)) },
      body: JSON.stringify({ ...event, data: { ...event.data, version: 8 } }),
    });
    await expectJsonError(tampered, 401, 'invalid webhook signature');
    expect((await releasesOf(to.vanityUrl)).releases).to.deep.equal([]);
  });

  it('keeps a replayed event (same event id) once, and ignores events that are not releases', async () => {
    const to = await subscribed();
    const event = releaseEvent('ev-3', 9, '2026-11-24T11:00:00Z');
    expect((await deliver(to, event)).status).to.equal(204);
    expect((await deliver(to, event)).status).to.equal(204);
    expect((await deliver(to, { ...event, resource: 'dyno' })).status).to.equal(204);
    expect((await releasesOf(to.vanityUrl)).releases.map((r) => r.version)).to.deep.equal([9]);
  });

  it('scores each release: requests, error rate and p95 in the hour before against the hour after', async () => {
    const to = await subscribed();
    const resource = (await server.store.getResource(to.id))!;
    // Before 10:15: 100 requests at 20 ms (1 error); after: 50 at 200 ms (10 errors); just outside both hours: not counted.
    await seedRequests(server.store, resource, [{ at: '2026-11-24T09:20:00Z', serviceMs: 20 }], 99);
    await seedRequests(server.store, resource, [{ at: '2026-11-24T10:14:00Z', status: 503, serviceMs: 20 }]);
    await seedRequests(server.store, resource, [{ at: '2026-11-24T10:15:00Z', serviceMs: 200 }], 40);
    await seedRequests(server.store, resource, [{ at: '2026-11-24T11:14:00Z', status: 500, serviceMs: 200 }], 10);
    await seedRequests(server.store, resource, [{ at: '2026-11-24T09:14:00Z', serviceMs: 20 }, { at: '2026-11-24T11:15:00Z', serviceMs: 200 }], 1000);
    expect((await deliver(to, releaseEvent('ev-4', 43, '2026-11-24T10:15:30Z'))).status).to.equal(204);

    const scorecard = await releasesOf(to.vanityUrl, '?since=2026-11-24T00:00Z');
    expect(scorecard.releases).to.have.length(1);
    expect(scorecard.releases[0]).to.deep.include({
      version: 43,
      before: { requests: 100, errors: 1, error_rate: 0.01, p95_ms: 20 },
      after: { requests: 50, errors: 10, error_rate: 0.2, p95_ms: 200 },
    });
  });

  it('reads p95 from whole hours, the release\'s own hour as after: service times after the deploy never count as before', async () => {
    const to = await subscribed();
    const resource = (await server.store.getResource(to.id))!;
    // Released at 10:35: 09:50 (20 ms) is before; 10:45 (500 ms, the release's hour) and 11:20 (1 s, the next) after.
    await seedRequests(server.store, resource, [{ at: '2026-11-24T09:50:00Z', serviceMs: 20 }], 30);
    await seedRequests(server.store, resource, [{ at: '2026-11-24T10:45:00Z', serviceMs: 500 }], 30);
    await seedRequests(server.store, resource, [{ at: '2026-11-24T11:20:00Z', serviceMs: 1000 }], 30);
    expect((await deliver(to, releaseEvent('ev-5', 44, '2026-11-24T10:35:00Z'))).status).to.equal(204);
    const [score] = (await releasesOf(to.vanityUrl, '?since=2026-11-24T00:00Z')).releases;
    expect(score).to.deep.include({
      before: { requests: 30, errors: 0, error_rate: 0, p95_ms: 20 },
      after: { requests: 60, errors: 0, error_rate: 0, p95_ms: 1000 },
      approximate: true,
    });
  });

  it('says whether releases can arrive: no_token without a grant, pending before the exchange, failed when Heroku refuses', async () => {
    const plain = await provision(server, { ...provisionBody(), oauth_grant: undefined });
    expect(await releasesOf(plain.vanityUrl)).to.deep.include({ tracking: 'no_token', releases: [] });

    const waiting = await provision(server, withGrant(stand, provisionBody()));
    expect((await releasesOf(waiting.vanityUrl)).tracking).to.equal('pending');

    stand.script({ method: 'POST', path: `/addons/${waiting.id}/webhooks`, status: 403, body: { id: 'forbidden', message: 'no webhooks for you' } });
    await server.jobs.runNow();
    expect((await releasesOf(waiting.vanityUrl)).tracking).to.equal('failed');
  });
});
