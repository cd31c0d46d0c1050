import { expect } from 'chai';
import { providerCredentials, provisionApp, resourceIdFor, SimulateError } from '../../src/simulate/provision-app.js';
import { freePort } from '../support/free-port.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

describe('simulator provisioning', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.stop());

  it('derives a stable uuid from the app name', () => {
    expect(resourceIdFor('shop')).to.equal(resourceIdFor('shop'));
    expect(resourceIdFor('shop')).not.to.equal(resourceIdFor('shop2'));
    expect(resourceIdFor('shop')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('provisions through the provider API and reuses the resource on a second run', async () => {
    const first = await provisionApp(server.url, 'reuse-me', providerCredentials({}));
    const second = await provisionApp(server.url, 'reuse-me', providerCredentials({}));
    expect(first.id).to.equal(resourceIdFor('reuse-me'));
    expect(second).to.deep.equal(first);
    expect(first.vanityUrl).to.match(new RegExp(`^http://${first.id}:[^@]+@127\\.0\\.0\\.1:\\d+/api$`));
    expect(first.api.url).to.equal(`${server.url}/api`);
    expect(first.drain.url).to.equal(`${server.url}/logs/${first.id}`);
    expect(first.drain.authorization).to.match(/^Basic /);
    expect(first.drainToken).to.equal(`d.${first.id}`);
  });

  it('says to set the provider credentials when the server refuses them', async () => {
    const credentials = providerCredentials({ VANITY_ADDON_ID: 'vanity', VANITY_ADDON_PASSWORD: 'wrong' });
    const err = await provisionApp(server.url, 'shop', credentials).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(SimulateError);
    expect((err as Error).message).to.match(/set VANITY_ADDON_ID and VANITY_ADDON_PASSWORD/);
  });

  it('says to start the server when nothing listens', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const err = await provisionApp(url, 'shop', providerCredentials({})).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(SimulateError);
    expect((err as Error).message).to.equal(`no Vanity server answers at ${url} (ECONNREFUSED): start it with npm start in another terminal, or pass --url`);
  });
});
