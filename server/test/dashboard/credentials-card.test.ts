import { expect } from 'chai';
import { overlapText } from '../../src/dashboard/credentials-card.js';
import { startHerokuStandIn, standInEnv, withGrant } from '../support/heroku-stand-in.js';
import type { HerokuStandIn } from '../support/heroku-stand-in.js';
import { testIdText } from '../support/html-text.js';
import { provision, provisionBody } from '../support/provider-client.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

describe('dashboard: the Credentials card rotates the credentials (SSO session, CSRF, confirmation)', () => {
  let stand: HerokuStandIn;
  let server: TestServer;

  before(async () => {
    stand = await startHerokuStandIn();
    server = await startTestServer({ ...standInEnv(stand), VANITY_SSO_SALT: TEST_SSO_SALT });
  });
  after(async () => {
    await server.stop();
    await stand.stop();
  });

  /** A provisioned add-on (with a Platform API token unless told), a signed-in owner and the page's CSRF token. */
  async function owner(withToken = true) {
    const { id } = await provision(server, withToken ? withGrant(stand, provisionBody()) : { oauth_grant: null });
    await server.jobs.runNow();
    const cookie = await signIn(server, id);
    const page = await (await getPage(server, `/dashboard/${id}`, cookie)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    return { id, cookie, csrf, page, salt: async () => (await server.store.getResource(id))!.keySalt };
  }

  const rotate = (id: string, cookie: string, form: Record<string, string>) =>
    fetch(`${server.url}/dashboard/${id}/credentials/rotate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(form).toString(),
    });

  const page = async (id: string, cookie: string) => (await getPage(server, `/dashboard/${id}`, cookie)).text();
  const platformCalls = (id: string) => stand.calls.filter((c) => c.path.startsWith(`/addons/${id}/config`) || c.path.startsWith(`/addons/${id}/log-drains`));

  it('shows the card with a confirmation box; without the CSRF token or the box nothing is rotated', async () => {
    const { id, cookie, csrf, page: first, salt } = await owner();
    expect(first).to.include('<h2>Credentials</h2>');
    expect(first).to.include('The old keys keep working for 2 hours');
    expect(first).to.match(/<input type="checkbox" name="confirm" value="yes" required>/);
    const before = await salt();

    expect((await rotate(id, cookie, { confirm: 'yes' })).status).to.equal(403);
    expect((await rotate(id, cookie, { confirm: 'yes', csrf: 'not-the-token' })).status).to.equal(403);
    expect((await rotate(id, '', { confirm: 'yes', csrf })).status).to.equal(401);
    const unconfirmed = await rotate(id, cookie, { csrf });
    expect(unconfirmed.status).to.equal(422);
    expect(testIdText(await unconfirmed.text(), 'rotation-error')).to.include('Tick the box to confirm');
    expect(platformCalls(id)).to.deep.equal([]);
    expect(await salt()).to.equal(before);
  });

  it('rotates with the token and the box ticked, and shows until when the old credentials work', async () => {
    const { id, cookie, csrf, salt } = await owner();
    const before = await salt();
    const res = await rotate(id, cookie, { csrf, confirm: 'yes', range: '7d' });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/dashboard/${id}?range=7d#credentials`);
    expect(platformCalls(id).map((c) => `${c.method} ${c.status}`).sort()).to.deep.equal(['PATCH 200', 'PUT 200']);
    expect(await salt()).not.to.equal(before);
    const until = (await server.store.getResource(id))!.previousKeys!.expiresAt;
    const state = testIdText(await page(id, cookie), 'rotation-state');
    expect(state).to.match(/^Rotated \d{4}-\d\d-\d\d \d\d:\d\d UTC\. The previous credentials keep working until /);
    expect(state).to.include(`${new Date(until * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC, then only the new ones.`);
  });

  it('shows a rolled-back rotation with Heroku\'s reason, credentials unchanged', async () => {
    const { id, cookie, csrf, salt } = await owner();
    const before = await salt();
    stand.script({ method: 'PUT', path: `/addons/${id}/log-drains/`, status: 422, body: { id: 'invalid_params', message: 'Url is invalid.' } });
    expect((await rotate(id, cookie, { csrf, confirm: 'yes' })).status).to.equal(303);
    expect(await salt()).to.equal(before);
    const state = testIdText(await page(id, cookie), 'rotation-state');
    expect(state).to.match(/^The rotation of .* UTC was rolled back; your credentials did not change\. Reason: updating the log drain URL failed: PUT .*: Heroku answered 422: Url is invalid\. \(invalid_params\)$/);
  });

  it('without a Platform API token: no button, the reason, and a forced POST is refused (409) with it', async () => {
    const { id, cookie, csrf, page: first, salt } = await owner(false);
    expect(first).not.to.include('data-testid="rotate-form"');
    expect(testIdText(first, 'rotation-unavailable')).to.match(/^Rotation is not available: Vanity has no Platform API token for this add-on/);
    const before = await salt();
    const forced = await rotate(id, cookie, { csrf, confirm: 'yes' });
    expect(forced.status).to.equal(409);
    expect(testIdText(await forced.text(), 'rotation-error')).to.match(/^Not rotated: Vanity has no Platform API token/);
    expect(await salt()).to.equal(before);
    expect(platformCalls(id)).to.deep.equal([]);
  });

  it('words the overlap in hours or minutes', () => {
    expect([overlapText(7200), overlapText(3600), overlapText(5400), overlapText(60), overlapText(61)]).to.deep.equal(['2 hours', '1 hour', '90 minutes', '1 minute', '2 minutes']);
  });
});
