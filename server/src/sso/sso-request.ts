import { HttpError } from '../http/json.js';
import { safeEqual } from '../secrets.js';
import { resourceToken, userScopedResourceToken } from './sso-tokens.js';

/** Heroku's docs reject timestamps older than 5 minutes; a little skew is allowed the other way. */
export const MAX_TIMESTAMP_AGE_SECONDS = 5 * 60;
export const MAX_TIMESTAMP_SKEW_SECONDS = 60;

/** Parameters Heroku's SSO form (or the legacy GET) carries; anything else is passed through. */
export const SSO_PARAM_NAMES: ReadonlySet<string> = new Set([
  'resource_id',
  'resource_token',
  'user_scoped_resource_token',
  'id',
  'token',
  'timestamp',
  'user_id',
  'email',
  'app',
  'context_app',
  'nav-data',
]);

export type SsoFields = Record<string, string>;

export interface SsoIdentity {
  resourceId: string;
  email: string;
  app: string;
}

/** Form or query values as plain strings: the first of a repeated name, nested values dropped. */
export function stringFields(source: unknown): SsoFields {
  const fields: SsoFields = {};
  if (typeof source !== 'object' || source === null) return fields;
  for (const [name, value] of Object.entries(source)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first;
  }
  return fields;
}

function refuse(reason: string): HttpError {
  return new HttpError(403, reason);
}

function checkTimestamp(timestamp: string | undefined, nowSeconds: number): void {
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) throw refuse('The sign-on request has no valid timestamp.');
  const age = nowSeconds - Number(timestamp);
  if (age > MAX_TIMESTAMP_AGE_SECONDS) throw refuse('This sign-on link has expired.');
  if (-age > MAX_TIMESTAMP_SKEW_SECONDS) throw refuse('This sign-on link is dated in the future.');
}

function resourceIdOf(fields: SsoFields): string {
  const { resource_id: v3Id, id: legacyId } = fields;
  if (v3Id !== undefined && legacyId !== undefined && v3Id !== legacyId) throw refuse('The sign-on request names two resources.');
  const id = v3Id ?? legacyId;
  if (!id) throw refuse('The sign-on request names no resource.');
  return id;
}

/**
 * Checks every token the request carries (at least one is required) in constant time.
 * A present user-scoped token must verify too: it is what vouches for the email we show.
 */
function checkTokens(fields: SsoFields, id: string, salt: string, timestamp: string): void {
  const expected = (provided: string | undefined, compute: () => string) =>
    provided === undefined ? undefined : safeEqual(provided.toLowerCase(), compute());
  const results = [
    expected(fields.resource_token, () => resourceToken(id, salt, timestamp)),
    expected(fields.token, () => resourceToken(id, salt, timestamp)),
    expected(fields.user_scoped_resource_token, () =>
      userScopedResourceToken(id, salt, timestamp, fields.user_id ?? '', fields.email ?? ''),
    ),
  ].filter((result) => result !== undefined);
  if (results.length === 0 || results.includes(false)) throw refuse('The sign-on token is not valid.');
}

/** Verifies an SSO request; throws HttpError(403) when it must be refused. */
export function verifySsoFields(fields: SsoFields, salt: string, nowSeconds: number): SsoIdentity {
  checkTimestamp(fields.timestamp, nowSeconds);
  const resourceId = resourceIdOf(fields);
  checkTokens(fields, resourceId, salt, fields.timestamp as string);
  return { resourceId, email: fields.email ?? '', app: fields.app ?? fields.context_app ?? '' };
}

/** Query parameters Heroku added to the SSO link (e.g. `issue_no=42`), for the dashboard URL. */
export function passThroughParams(fields: SsoFields): URLSearchParams {
  const extra = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (!SSO_PARAM_NAMES.has(name)) extra.append(name, value);
  }
  return extra;
}
