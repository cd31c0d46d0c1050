import { makeBadge } from 'badge-maker';
import { Router } from 'express';
import { HttpError } from '../http/json.js';
import type { CountStore, ResourceStore } from '../store/store.js';
import { formatCount } from './format.js';

/** Heroku purple. */
const BADGE_COLOR = '#79589f';

export function badgeSvg(total: number): string {
  return makeBadge({ label: 'requests served', message: formatCount(total, true), color: BADGE_COLOR });
}

/** Public ids are random base64url tokens; anything else is looked up nowhere. */
const PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;

function isPublicId(value: unknown): value is string {
  return typeof value === 'string' && PUBLIC_ID.test(value);
}

/**
 * The public counter badge: `GET /badge/<public id>.svg`. Off by default; a badge that is
 * off, unknown or deprovisioned is simply not found.
 */
export function badgeRoutes(store: CountStore & ResourceStore): Router {
  const router = Router();
  router.get('/badge/:publicId.svg', async (req, res) => {
    const publicId = req.params.publicId;
    const resource = isPublicId(publicId) ? await store.getResourceByPublicId(publicId) : null;
    if (!resource?.badgeEnabled) throw new HttpError(404, 'no such badge');
    const totals = await store.readTotals(resource.seq);
    res
      .status(200)
      .set({
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        'X-Content-Type-Options': 'nosniff',
      })
      .send(badgeSvg(totals.requests));
  });
  return router;
}
