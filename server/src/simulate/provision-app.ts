import { v5 as uuidv5 } from 'uuid';
import { readManifestDefaults } from '../config.js';
import { rebaseOrigin, splitUserinfo } from './credentialed-url.js';
import type { CredentialedUrl } from './credentialed-url.js';

/** Fixed namespace: the same app name always maps to the same resource uuid. */
const SIMULATOR_NAMESPACE = '5b0e9c2e-8f4a-4d1b-9c6e-2f7a1d3b8e40';

/** A failure the user can act on; the message says what to do. */
export class SimulateError extends Error {}

export interface ProviderCredentials {
  id: string;
  password: string;
}

export interface SimulatedResource {
  id: string;
  /** The config var Heroku would set on the app. */
  vanityUrl: string;
  /** VANITY_URL pointed at the server we talk to (its public base URL may differ). */
  api: CredentialedUrl;
  /** The drain URL as Heroku would get it, pointed at the server we talk to. */
  drain: CredentialedUrl;
  drainToken: string;
}

interface ProvisionResponse {
  id?: string;
  config?: { VANITY_URL?: string };
  log_drain_url?: string;
  message?: string;
}

export function resourceIdFor(app: string): string {
  return uuidv5(`vanity-simulate:${app}`, SIMULATOR_NAMESPACE);
}

/** Env `VANITY_ADDON_ID`/`VANITY_ADDON_PASSWORD`, else the manifest's test credentials (as the server). */
export function providerCredentials(env: Record<string, string | undefined> = process.env): ProviderCredentials {
  const manifest = readManifestDefaults();
  return { id: env.VANITY_ADDON_ID || manifest.id, password: env.VANITY_ADDON_PASSWORD || manifest.password };
}

/** Turns fetch's network failure into what to do about it. */
export function unreachable(serverUrl: string, err: unknown): SimulateError {
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
  return new SimulateError(
    `no Vanity server answers at ${serverUrl} (${cause}): start it with npm start in another terminal, or pass --url`,
  );
}

function failure(status: number, body: ProvisionResponse, app: string, serverUrl: string): SimulateError {
  if (status === 401) {
    return new SimulateError(
      `${serverUrl} refused the provider credentials: set VANITY_ADDON_ID and VANITY_ADDON_PASSWORD to the values the server uses`,
    );
  }
  if (status === 422 && /deprovisioned/.test(body.message ?? '')) {
    return new SimulateError(`the add-on of app ${app} was deprovisioned on this server: pick another --app name`);
  }
  return new SimulateError(`provisioning failed with ${status}: ${body.message ?? 'no message'}`);
}

/** A URL the server handed out, aimed at `serverUrl` (the server's public base URL may differ). */
function rebased(serverUrl: string, url: string): CredentialedUrl {
  return splitUserinfo(rebaseOrigin(url, serverUrl));
}

/**
 * Provisions (or, on a later run, re-provisions: idempotent on uuid) the app's resource through
 * the provider API exactly as Heroku would, and returns its VANITY_URL and drain.
 */
export async function provisionApp(serverUrl: string, app: string, credentials: ProviderCredentials): Promise<SimulatedResource> {
  const id = resourceIdFor(app);
  const drainToken = `d.${id}`;
  let res: Response;
  try {
    res = await fetch(`${serverUrl}/heroku/resources`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.id}:${credentials.password}`).toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/vnd.heroku-addons+json; version=3',
      },
      body: JSON.stringify({
        uuid: id,
        name: `${app}-vanity`,
        plan: 'hobby',
        region: 'amazon-web-services::us-east-1',
        options: {},
        log_drain_token: drainToken,
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw unreachable(serverUrl, err);
  }
  const body = (await res.json().catch(() => ({}))) as ProvisionResponse;
  if (res.status !== 200) throw failure(res.status, body, app, serverUrl);
  if (!body.config?.VANITY_URL || !body.log_drain_url) {
    throw new SimulateError(`${serverUrl} answered the provision without VANITY_URL or log_drain_url: is it a Vanity server?`);
  }
  const vanityUrl = body.config.VANITY_URL;
  return { id, vanityUrl, api: rebased(serverUrl, vanityUrl), drain: rebased(serverUrl, body.log_drain_url), drainToken };
}
