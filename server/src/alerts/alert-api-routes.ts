import express, { Router } from 'express';
import type { Response } from 'express';
import type { Config } from '../config.js';
import type { Resource } from '../model/resource.js';
import { sendJson } from '../http/json.js';
import type { AlertStore } from '../store/store.js';
import { alertsJson, createRule, deleteRule, ruleJson } from './manage-rules.js';
import { limitedBody } from '../http/body-limits.js';

const RULE_BODY_BYTES = 16 * 1024;

/**
 * `GET/POST {VANITY_URL}/alerts`, `DELETE {VANITY_URL}/alerts/{id}`, mounted behind the API's
 * auth, which hands over the authenticated resource (`authenticatedResource`).
 */
export function alertApiRoutes(config: Config, store: AlertStore, now: () => Date, authenticatedResource: (res: Response) => Resource): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const resource = authenticatedResource(res);
    sendJson(res, 200, await alertsJson(config, store, resource));
  });
  router.post('/', limitedBody({ maxBytes: RULE_BODY_BYTES }, express.json({ type: () => true, limit: RULE_BODY_BYTES, strict: false })), async (req, res) => {
    const resource = authenticatedResource(res);
    const rule = await createRule(config, store, resource, req.body, now());
    sendJson(res, 201, ruleJson(config, resource, rule));
  });
  router.delete('/:id', async (req, res) => {
    await deleteRule(store, authenticatedResource(res), req.params.id as string);
    res.status(204).end();
  });
  return router;
}
