import type { Config } from '../config.js';
import { deriveKey } from '../secrets.js';
import type { Resource } from '../model/resource.js';

type KeyedResource = Pick<Resource, 'id' | 'keySalt'>;

function withUserinfo(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString().replace(/\/$/, '');
}

/** VANITY_URL: the developer API, with the resource's API credential as userinfo (sent as basic auth). */
export function vanityUrl(config: Config, resource: KeyedResource): string {
  return withUserinfo(`${config.baseUrl}/api`, resource.id, deriveKey(config.secret, 'api', resource.id, resource.keySalt));
}

/**
 * The HTTPS drain Heroku attaches to the app; its userinfo authenticates every drain POST.
 * Always https (Logplex takes only https or syslog drains, and kensa checks it), even when the
 * server runs on plain http locally: local tools rebase it onto the server's own origin.
 */
export function logDrainUrl(config: Config, resource: KeyedResource): string {
  const url = new URL(withUserinfo(`${config.baseUrl}/logs/${resource.id}`, 'logplex', deriveKey(config.secret, 'drain', resource.id, resource.keySalt)));
  url.protocol = 'https:';
  return url.toString();
}
