/**
 * fetch() refuses URLs with credentials in them, while Vanity hands them out that way
 * (`VANITY_URL`, the drain URL): split the userinfo into a Basic Authorization header.
 */
export interface CredentialedUrl {
  url: string;
  authorization: string;
}

export function splitUserinfo(url: string): CredentialedUrl {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/**
 * A URL Vanity handed out (its public base URL, and https for the drain), aimed at the server we
 * actually talk to, e.g. http://localhost:5000: protocol and host from `serverUrl`, the rest kept.
 */
export function rebaseOrigin(url: string, serverUrl: string): string {
  const target = new URL(url);
  const server = new URL(serverUrl);
  target.protocol = server.protocol;
  target.host = server.host;
  return target.href;
}
