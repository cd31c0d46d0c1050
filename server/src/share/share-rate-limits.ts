import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../http/json.js';

/**
 * The client as Heroku's router saw it: the last X-Forwarded-For entry is the one the router
 * added; entries before it are whatever the client sent, so keying on them could be dodged.
 */
export function clientKey(req: Request): string {
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim();
  return last || req.socket.remoteAddress || 'unknown';
}

function limiter(windowMs: number, limit: number, key: (req: Request) => string, what: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    keyGenerator: key,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Our own key, not req.ip: the permissive `trust proxy` of the app is not used here.
    validate: false,
    handler: (_req, _res, next) => {
      next(new HttpError(429, `Too many ${what} from here. Wait ${Math.ceil(windowMs / 60_000)} minutes and try again.`, { 'Retry-After': String(Math.ceil(windowMs / 1000)) }));
    },
  });
}

export interface ShareLimits {
  /** Page views of shared links, per client. */
  views: RequestHandler;
  /** Password attempts, per client and link, and per link from everywhere. */
  unlockPerClient: RequestHandler;
  unlockPerLink: RequestHandler;
}

export const VIEWS_PER_MINUTE = 60;
export const UNLOCKS_PER_CLIENT = 10;
export const UNLOCKS_PER_LINK = 30;
const QUARTER_HOUR = 15 * 60_000;

/** Per process (in memory): with several dynos a client gets this much per dyno. */
export function shareLimits(): ShareLimits {
  const token = (req: Request) => String(req.params.token);
  return {
    views: limiter(60_000, VIEWS_PER_MINUTE, clientKey, 'requests'),
    unlockPerClient: limiter(QUARTER_HOUR, UNLOCKS_PER_CLIENT, (req) => `${clientKey(req)} ${token(req)}`, 'password attempts'),
    unlockPerLink: limiter(QUARTER_HOUR, UNLOCKS_PER_LINK, token, 'password attempts for this link'),
  };
}
