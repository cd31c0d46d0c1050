import { lookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard for webhook URLs, which users type in and the server then calls. In production
 * only public unicast addresses are allowed: no loopback, private (RFC 1918, unique local),
 * link-local (which holds the cloud metadata service, 169.254.169.254), carrier-grade NAT,
 * multicast or reserved ranges. In the loopback-only development mode loopback is allowed too,
 * so the simulator and tests can receive alerts. The check runs on the URL when a rule is saved
 * and again on every resolved address when a delivery connects (`guardedLookup`), so a name that
 * later resolves elsewhere (DNS rebinding) is refused at the moment it matters.
 */
export interface AddressPolicy {
  allowLoopback: boolean;
}

/** Why the address may not be called, or undefined when it may. */
export function refusedAddress(address: string, policy: AddressPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return `${address} is a ${range} address; webhooks must go to a public address`;
}

/** Syntax and literal-address checks of a webhook URL; undefined when it may be saved. */
export function checkWebhookUrl(raw: string, policy: AddressPolicy): string | undefined {
  if (raw.length > 2000) return 'at most 2000 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL; expected https://…';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// (or http://) URL';
  if (url.username || url.password) return 'must not contain a user name or password; put the secret in the path';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return refusedAddress(host, policy);
  if (!policy.allowLoopback && (host === 'localhost' || host.endsWith('.localhost'))) return `${host} is a loopback name; webhooks must go to a public address`;
  return undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that resolves the host and refuses it if any address is refused. */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    const all = (options as { all?: boolean }).all === true;
    lookup(hostname, { ...(options as LookupAllOptions), all: true }, (error, addresses) => {
      if (error) return callback(error, all ? [] : '');
      const refused = addresses.map((a) => refusedAddress(a.address, policy)).find((reason) => reason !== undefined);
      if (refused) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${refused.replace(/;.*/, '')}`), { code: 'EREFUSED_ADDRESS' }), all ? [] : '');
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), all ? [] : '');
      if (all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

/** The save-time check of a host name: resolves it now and applies the same rule. */
export async function checkResolvedHost(raw: string, policy: AddressPolicy): Promise<string | undefined> {
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return undefined;
  return new Promise((resolve) => {
    guardedLookup(policy)(host, {}, (error) => {
      if (!error) return resolve(undefined);
      resolve(error.code === 'EREFUSED_ADDRESS' ? error.message : `could not resolve ${host} (${error.code ?? error.message})`);
    });
  });
}
