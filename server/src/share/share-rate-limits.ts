import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { clientAddress } from '../http/client-address.js';
import { HttpError } from '../http/json.js';

function limiter(windowMs: number, limit: number, key: (req: Request) => string, what: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    keyGenerator: key,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The app trusts X-Forwarded-* for https detection; the keys read the address themselves.
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (_req, _res, next) => {
      const minutes = Math.ceil(windowMs / 60_000);
      const wait = minutes === 1 ? 'a minute' : `${minutes} minutes`;
      next(new HttpError(429, `Too many ${what} from here. Wait ${wait} and try again.`, { 'Retry-After': String(Math.ceil(windowMs / 1000)) }));
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

/** One client: its address, IPv6 addresses grouped by /56 as express-rate-limit recommends. */
const client = (req: Request) => ipKeyGenerator(clientAddress(req));

export const VIEWS_PER_MINUTE = 60;
export const UNLOCKS_PER_CLIENT = 10;
export const UNLOCKS_PER_LINK = 30;
const QUARTER_HOUR = 15 * 60_000;

/** Per process (in memory): with several dynos a client gets this much per dyno. */
export function shareLimits(): ShareLimits {
  const token = (req: Request) => String(req.params.token);
  return {
    views: limiter(60_000, VIEWS_PER_MINUTE, client, 'requests'),
    unlockPerClient: limiter(QUARTER_HOUR, UNLOCKS_PER_CLIENT, (req) => `${client(req)} ${token(req)}`, 'password attempts'),
    unlockPerLink: limiter(QUARTER_HOUR, UNLOCKS_PER_LINK, token, 'password attempts for this link'),
  };
}
