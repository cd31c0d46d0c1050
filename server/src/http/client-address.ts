import type { Request } from 'express';

/**
 * The address Heroku's router saw: it appends it to X-Forwarded-For, so the last entry is the
 * router's and the ones before it are whatever the client sent (spoofable). Without the header
 * (local runs), the socket's peer. What rate limits key on.
 */
export function clientAddress(req: Request): string {
  const forwarded = req.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || req.socket.remoteAddress || 'unknown';
}
