import express from 'express';
import type { Router } from 'express';
import { limitedBody } from '../http/body-limits.js';
import { acceptDrainBatch, DRAIN_BODY_LIMIT, MAX_DRAIN_BODY_BYTES } from './drain-batch.js';
import type { DrainDeps } from './drain-batch.js';
import { authenticateDrain, drainResource } from './drain-auth.js';

const NO_BODY = Buffer.alloc(0);

/**
 * `POST /logs/:id` as Express serves it: the requests the lean path (`lean-drain.ts`) leaves to
 * Express (a chunked or compressed body, an id that is percent-encoded, a path Express matches
 * loosely such as a trailing slash). The same steps: authenticate, admit the body, read it,
 * then `acceptDrainBatch` and 204.
 */
export function drainRoutes(deps: DrainDeps): Router {
  const router = express.Router();
  router.post(
    '/:id',
    authenticateDrain(deps.store, deps.now),
    limitedBody(DRAIN_BODY_LIMIT, express.raw({ type: () => true, limit: MAX_DRAIN_BODY_BYTES })),
    async (req, res) => {
      await acceptDrainBatch(deps, drainResource(res), Buffer.isBuffer(req.body) ? req.body : NO_BODY, req.headers);
      res.status(204).end();
    },
  );
  return router;
}
