import express, { Router } from 'express';
import type { Request } from 'express';
import type { Config } from '../config.js';
import { HttpError, sendJson, shown } from '../http/json.js';
import { PLAN_NAMES, isPlanName } from '../model/plans.js';
import type { PlanName } from '../model/plans.js';
import { randomToken } from '../secrets.js';
import type { NewResource, Resource, ResourceOptions } from '../model/resource.js';
import type { ResourceStore } from '../store/store.js';
import type { PlatformJobs } from '../jobs/platform-jobs.js';
import { provisionLinks } from '../platform/provision-links.js';
import type { SecretBox } from '../platform/token-crypto.js';
import type { PlatformStore } from '../store/platform-store.js';
import { ignoredOptionsNote, parseProvisionOptions } from './provision-options.js';
import { providerAuth } from './provider-auth.js';
import { parseRegion } from './regions.js';
import { isResourceId, RESOURCE_ID_EXAMPLE } from '../model/resource-id.js';
import { keySetFor, logDrainUrl, vanityUrl } from './resource-urls.js';
import { optionalText } from './text-field.js';
import { limitedBody } from '../http/body-limits.js';

const PROVIDER_BODY_BYTES = 100 * 1024;

/** Heroku's resource names are short (`acme-inc-primary-database`); this is generous. */
const MAX_NAME_LENGTH = 256;

interface ProvisionBody {
  uuid?: unknown;
  name?: unknown;
  plan?: unknown;
  region?: unknown;
  options?: unknown;
  log_drain_token?: unknown;
  callback_url?: unknown;
  log_input_url?: unknown;
  oauth_grant?: unknown;
}

export interface ProviderPlatform {
  box: SecretBox;
  jobs: PlatformJobs;
}

function requirePlan(plan: unknown): PlanName {
  if (isPlanName(plan)) return plan;
  throw new HttpError(422, `plan: unknown plan ${shown(plan ?? null)}; plans are ${PLAN_NAMES.join(', ')}`);
}

/** Heroku's uuid is the idempotency key: without it a retry would create a second resource. */
function requireUuid(uuid: unknown): string {
  if (isResourceId(uuid)) return uuid;
  throw new HttpError(422, `uuid: expected the add-on's UUID, like ${RESOURCE_ID_EXAMPLE}; got ${shown(uuid ?? null)}`);
}

/** Logplex-Drain-Token is compared with this, so it is what a header can carry: visible ASCII. */
const DRAIN_TOKEN = /^[\x21-\x7e]{1,200}$/;

function optionalDrainToken(token: unknown): string | null {
  const value = optionalText('log_drain_token', token, 200);
  if (value !== null && !DRAIN_TOKEN.test(value)) {
    throw new HttpError(422, `log_drain_token: expected Heroku's drain token, like d.${RESOURCE_ID_EXAMPLE}`);
  }
  return value;
}

function refuseDuringMaintenance(config: Config): void {
  if (config.maintenance) throw new HttpError(503, config.maintenance);
}

function bodyOf(req: Request): ProvisionBody {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return body as ProvisionBody;
}

/** Validates a provision request into a new resource with fresh secrets. */
function newResourceFrom(config: Config, body: ProvisionBody, options: ResourceOptions): NewResource {
  const plan = requirePlan(body.plan);
  const region = parseRegion(body.region);
  const id = requireUuid(body.uuid);
  return {
    id,
    name: optionalText('name', body.name, MAX_NAME_LENGTH),
    plan,
    region,
    options,
    logDrainToken: optionalDrainToken(body.log_drain_token),
    ...keySetFor(config.secret, id, randomToken()),
    publicId: randomToken(12),
    badgeEnabled: false,
  };
}

function provisionResponse(config: Config, resource: Resource, ignoredOptions: readonly string[]) {
  return {
    id: resource.id,
    config: { VANITY_URL: vanityUrl(config, resource) },
    message: `Vanity is counting every request to this app (${resource.plan} plan). Try: heroku vanity:counts${ignoredOptionsNote(ignoredOptions)}`,
    log_drain_url: logDrainUrl(config, resource),
  };
}

export function providerRoutes(config: Config, store: ResourceStore & PlatformStore, platform: ProviderPlatform): Router {
  const router = Router();
  router.use(providerAuth(config));
  // Heroku sends application/json, older tools sometimes nothing: parse any body as JSON.
  router.use(limitedBody({ maxBytes: PROVIDER_BODY_BYTES }, express.json({ type: () => true, limit: PROVIDER_BODY_BYTES, strict: false })));

  router.post('/', async (req, res) => {
    refuseDuringMaintenance(config);
    const body = bodyOf(req);
    const { options, ignored } = parseProvisionOptions(body.options);
    const result = await store.createResource(newResourceFrom(config, body, options));
    if (result.outcome === 'deleted') {
      throw new HttpError(422, 'this resource was deprovisioned; create a new add-on instead');
    }
    // Kept before answering (our own database), exchanged after (Heroku's): provisioning never waits on Heroku.
    await store.initPlatform(result.resource.seq, provisionLinks(body, platform.box, Math.floor(Date.now() / 1000)));
    sendJson(res, 200, provisionResponse(config, result.resource, ignored));
    platform.jobs.kick();
  });

  router.put('/:id', async (req, res) => {
    refuseDuringMaintenance(config);
    const plan = requirePlan(bodyOf(req).plan);
    const id = req.params.id;
    const result = isResourceId(id) ? await store.changePlan(id, plan) : 'not_found';
    if (result === 'not_found') throw new HttpError(404, `id: no resource ${shown(id)}`);
    const message =
      result === 'unchanged' ? `already on the ${plan} plan` : `now on the ${plan} plan; retention changes within minutes`;
    sendJson(res, 200, { message });
  });

  router.delete('/:id', async (req, res) => {
    const id = req.params.id;
    const result = isResourceId(id) ? await store.deleteResource(id) : 'gone';
    if (result === 'gone') throw new HttpError(410, `id: resource ${shown(id)} is already deprovisioned or unknown`);
    res.status(204).end();
  });

  return router;
}
