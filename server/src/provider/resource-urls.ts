import type { Config } from '../config.js';
import { deriveKey, sha256Hex } from '../secrets.js';
import type { KeySet, Resource } from '../model/resource.js';

type KeyedResource = Pick<Resource, 'id' | 'keySalt'>;
/** What the URLs are built from: where Vanity is reached and the secret the keys derive from. */
type UrlSettings = Pick<Config, 'baseUrl' | 'secret'>;

/** The credentials of a resource for one salt, as the store keeps them (hashes only). */
export function keySetFor(secret: string, resourceId: string, keySalt: string): KeySet {
  return {
    keySalt,
    apiKeyHash: sha256Hex(deriveKey(secret, 'api', resourceId, keySalt)),
    drainKeyHash: sha256Hex(deriveKey(secret, 'drain', resourceId, keySalt)),
  };
}

function withUserinfo(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString().replace(/\/$/, '');
}

/** VANITY_URL: the developer API, with the resource's API credential as userinfo (sent as basic auth). */
export function vanityUrl(config: UrlSettings, resource: KeyedResource): string {
  return withUserinfo(`${config.baseUrl}/api`, resource.id, deriveKey(config.secret, 'api', resource.id, resource.keySalt));
}

/**
 * The HTTPS drain Heroku attaches to the app; its userinfo authenticates every drain POST.
 * Always https (Logplex takes only https or syslog drains, and kensa checks it), even when the
 * server runs on plain http locally: local tools rebase it onto the server's own origin.
 */
export function logDrainUrl(config: UrlSettings, resource: KeyedResource): string {
  const url = new URL(withUserinfo(`${config.baseUrl}/logs/${resource.id}`, 'logplex', deriveKey(config.secret, 'drain', resource.id, resource.keySalt)));
  url.protocol = 'https:';
  return url.toString();
}
