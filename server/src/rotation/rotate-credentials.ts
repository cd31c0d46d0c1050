import { errorMessage, redactCredentials } from '../log/logger.js';
import type { Resource } from '../model/resource.js';
import { unixNow } from '../platform/clock.js';
import type { PlatformDeps } from '../platform/platform-deps.js';
import type { PlatformRecord } from '../store/platform-store.js';
import { keySetFor, logDrainUrl, vanityUrl } from '../provider/resource-urls.js';
import { randomToken } from '../secrets.js';

export type RotationDeps = Pick<PlatformDeps, 'config' | 'baseUrl' | 'secret' | 'store' | 'api' | 'log' | 'now'>;

export type RotationResult =
  /** New keys in the app's config and drain; the previous ones work until `overlapUntil`. */
  | { outcome: 'rotated'; overlapUntil: Date }
  /** Heroku refused or failed: the keys before the rotation are the only keys again. */
  | { outcome: 'rolled_back'; reason: string }
  /** Nothing was changed, for the reason given. */
  | { outcome: 'refused'; reason: string };

/** Rotations running in this process (other processes are kept out by `runExclusive`). */
const running = new Set<string>();

function tokenRefusal(record: PlatformRecord | null): string | null {
  switch (record?.tokenState ?? 'none') {
    case 'ok':
      return null;
    case 'pending':
      return `Vanity's Platform API token for this add-on is not there yet (${record?.tokenReason ?? 'pending'}); try again in a minute`;
    case 'failed':
      return `Vanity has no working Platform API token for this add-on (${record?.tokenReason ?? 'failed'}), so it cannot update the app's config; reinstall the add-on to grant a new one`;
    default:
      return "Vanity has no Platform API token for this add-on (it was provisioned without an oauth_grant, or VANITY_OAUTH_CLIENT_SECRET was unset), so it cannot update the app's config";
  }
}

/** The two Platform API calls that put a salt's credentials into the app: its VANITY_URL and its drain. */
function publish(deps: RotationDeps, resource: Resource, keySalt: string, drainToken: string): Array<{ what: string; call: () => Promise<unknown> }> {
  const urls = { baseUrl: deps.baseUrl(), secret: deps.secret };
  const keyed = { id: resource.id, keySalt };
  const addon = `/addons/${encodeURIComponent(resource.id)}`;
  return [
    {
      what: 'updating VANITY_URL',
      call: () => deps.api.request(resource.seq, 'PATCH', `${addon}/config`, { config: [{ name: 'VANITY_URL', value: vanityUrl(urls, keyed) }] }),
    },
    {
      what: 'updating the log drain URL',
      call: () => deps.api.request(resource.seq, 'PUT', `${addon}/log-drains/${encodeURIComponent(drainToken)}`, { url: logDrainUrl(urls, keyed) }),
    },
  ];
}

/** What went wrong, for the owner and the operator: Heroku's answer, never a credential. */
const failureOf = (what: string, reason: unknown): string => redactCredentials(`${what} failed: ${errorMessage(reason)}`);

async function rotateNow(deps: RotationDeps, resourceId: string): Promise<RotationResult> {
  const { store, log } = deps;
  const resource = await store.getResource(resourceId);
  if (!resource) return { outcome: 'refused', reason: `no live Vanity add-on ${resourceId}` };
  const refusal = tokenRefusal(await store.getPlatform(resource.seq));
  if (refusal) return { outcome: 'refused', reason: refusal };
  if (resource.logDrainToken === null) {
    return { outcome: 'refused', reason: 'Heroku sent no log_drain_token when this add-on was provisioned, so Vanity cannot update its drain URL' };
  }

  const at = unixNow(deps);
  const keySalt = randomToken();
  const overlapUntil = at + deps.config.rotationOverlapSeconds;
  if (!(await store.beginRotation(resource.id, keySetFor(deps.secret, resource.id, keySalt), overlapUntil))) {
    return { outcome: 'refused', reason: `no live Vanity add-on ${resourceId}` };
  }
  // From here both the old and the new keys authenticate; the two calls are independent.
  const steps = publish(deps, resource, keySalt, resource.logDrainToken);
  const settled = await Promise.allSettled(steps.map((s) => s.call()));
  const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [failureOf(steps[i]!.what, s.reason)] : []));
  if (failures.length === 0) {
    await store.updatePlatform(resource.seq, { rotationState: 'ok', rotationReason: null, rotatedAt: at, updatedAt: at });
    log.info('credentials rotated', { resource: resource.id, overlap_until: new Date(overlapUntil * 1000) });
    return { outcome: 'rotated', overlapUntil: new Date(overlapUntil * 1000) };
  }

  // Put back what Heroku did accept while the new keys still work, then drop the new keys.
  const undo = publish(deps, resource, resource.keySalt, resource.logDrainToken).filter((_, i) => settled[i]!.status === 'fulfilled');
  const undone = await Promise.allSettled(undo.map((s) => s.call()));
  undone.forEach((s, i) => {
    if (s.status === 'rejected') failures.push(`${failureOf(`putting back the previous value (${undo[i]!.what})`, s.reason)}: the app holds the new credentials, which no longer work; rotate again`);
  });
  await store.rollbackRotation(resource.id);
  const reason = failures.join('; ');
  await store.updatePlatform(resource.seq, { rotationState: 'rolled_back', rotationReason: reason, rotatedAt: at, updatedAt: at });
  log.warn('credential rotation rolled back', { resource: resource.id, reason });
  return { outcome: 'rolled_back', reason };
}

/**
 * Rotates a resource's API and drain credentials with an overlap: new keys from a new salt,
 * kept next to the current ones (`beginRotation`), then through the Platform API the app's
 * `VANITY_URL` and its drain URL. Both old and new keys authenticate until the overlap ends
 * (VANITY_ROTATION_OVERLAP_SECONDS; the platform job then forgets the old ones). If Heroku
 * refuses or fails either call, the rotation is rolled back: the old keys are the only keys
 * again, the state is `rolled_back` with the reason. One rotation of a resource at a time.
 */
export async function rotateCredentials(deps: RotationDeps, resourceId: string): Promise<RotationResult> {
  const busy: RotationResult = { outcome: 'refused', reason: 'a rotation of this add-on is already running; wait for its outcome' };
  if (running.has(resourceId)) return busy;
  running.add(resourceId);
  try {
    let result: RotationResult = busy;
    await deps.store.runExclusive(`rotation:${resourceId}`, async () => {
      result = await rotateNow(deps, resourceId);
    });
    return result;
  } finally {
    running.delete(resourceId);
  }
}
