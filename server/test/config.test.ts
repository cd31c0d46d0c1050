import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, loadConfig } from '../src/config.js';
import { startTestServer } from './support/test-server.js';

const SECRETS = { VANITY_SECRET: 's3cret', VANITY_ADDON_PASSWORD: 'pw', VANITY_SSO_SALT: 'salt' };
const POSTGRES_URL = 'postgres://u:p@db.example.com:5432/d';
const ALL_MISSING = /^VANITY_SECRET, VANITY_ADDON_PASSWORD and VANITY_SSO_SALT must be set/;

describe('config: development secrets only on loopback', () => {
  it('falls back to the development secrets and then listens on 127.0.0.1 only', () => {
    const config = loadConfig({});
    expect(config.host).to.equal('127.0.0.1');
    expect(config.developmentSecrets).to.deep.equal(['VANITY_SECRET', 'VANITY_ADDON_PASSWORD', 'VANITY_SSO_SALT']);
    expect(loadConfig({ VANITY_HOST: 'localhost' }).host).to.equal('localhost');
    expect(loadConfig({ VANITY_HOST: '::1' }).host).to.equal('::1');
  });

  it('refuses to listen elsewhere without the secrets, naming exactly the missing ones', () => {
    expect(() => loadConfig({ VANITY_HOST: '0.0.0.0' })).to.throw(ALL_MISSING);
    expect(() => loadConfig({ VANITY_HOST: '::' })).to.throw(/\(VANITY_HOST=::\)/);
    expect(() => loadConfig({ VANITY_HOST: '10.0.0.5', VANITY_SECRET: 'x' })).to.throw(/^VANITY_ADDON_PASSWORD and VANITY_SSO_SALT must be set \(VANITY_HOST=10.0.0.5\)/);
    expect(() => loadConfig({ VANITY_HOST: '0.0.0.0', VANITY_SECRET: 'x', VANITY_ADDON_PASSWORD: 'y' })).to.throw(/^VANITY_SSO_SALT must be set/);
  });

  it('refuses to start in production (NODE_ENV or a Heroku dyno) without the secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', VANITY_BASE_URL: 'https://v.example.com' })).to.throw(/must be set \(NODE_ENV=production\)/);
    expect(() => loadConfig({ DYNO: 'web.1', DATABASE_URL: POSTGRES_URL, VANITY_BASE_URL: 'https://v.example.com' })).to.throw(ALL_MISSING);
    expect(() => loadConfig({ DYNO: 'web.1', DATABASE_URL: POSTGRES_URL, ...SECRETS })).to.throw(/^VANITY_BASE_URL must be set \(DYNO=web.1\)/);
    // Production never listens on loopback only, even when told to: the secrets are still required.
    expect(() => loadConfig({ NODE_ENV: 'production', VANITY_HOST: '127.0.0.1', VANITY_BASE_URL: 'https://v.example.com' })).to.throw(/must be set/);
  });

  it('listens on every interface once all three secrets are set', () => {
    const config = loadConfig({ ...SECRETS });
    expect(config.host).to.equal(undefined);
    expect(config.developmentSecrets).to.deep.equal([]);
    expect([config.secret, config.addonPassword, config.ssoSalt]).to.deep.equal(['s3cret', 'pw', 'salt']);
    const production = loadConfig({ NODE_ENV: 'production', VANITY_BASE_URL: 'https://v.example.com/', DATABASE_URL: POSTGRES_URL, VANITY_OAUTH_CLIENT_SECRET: 'o', ...SECRETS });
    expect(production.host).to.equal(undefined);
    expect(production.baseUrl).to.equal('https://v.example.com');
    expect(loadConfig({ ...SECRETS, VANITY_HOST: '0.0.0.0' }).host).to.equal('0.0.0.0');
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).to.equal(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1', 'localhost.example.com']) expect(isLoopbackHost(host), host).to.equal(false);
  });

  it('a server on the development secrets is bound to 127.0.0.1', async () => {
    const server = await startTestServer();
    try {
      expect((server.server.address() as AddressInfo).address).to.equal('127.0.0.1');
    } finally {
      await server.stop();
    }
  });
});
