import type * as Heroku from '@heroku-cli/schema';
import nock from 'nock';

export const PLATFORM_API = 'https://api.heroku.com';
export const HEROKU_TOKEN = 'heroku-token-never-sent-to-vanity';

/** Only the Platform API is faked; everything on 127.0.0.1 (the real Vanity server) goes through. */
export function isolateNetwork(): void {
  process.env.HEROKU_API_KEY = HEROKU_TOKEN;
  delete process.env.VANITY_URL;
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export function restoreNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

export function vanityAddon(name: string, configVars = ['VANITY_URL']): Partial<Heroku.AddOn> {
  return { name, addon_service: { name: 'vanity' }, config_vars: configVars, state: 'provisioned' };
}

export function otherAddon(name: string, service: string, configVars: string[]): Partial<Heroku.AddOn> {
  return { name, addon_service: { name: service }, config_vars: configVars, state: 'provisioned' };
}

/** The two calls the plugin makes, answered as the Platform API would, each checked for the token. */
export function stubPlatformApi(app: string, addons: Array<Partial<Heroku.AddOn>>, config: Record<string, string> = {}) {
  return nock(PLATFORM_API, { reqheaders: { authorization: `Bearer ${HEROKU_TOKEN}` } })
    .get(`/apps/${app}/addons`)
    .reply(200, addons)
    .get(`/apps/${app}/config-vars`)
    .reply(200, config);
}
