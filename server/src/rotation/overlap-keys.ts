import type { Resource } from '../model/resource.js';
import { safeEqual, sha256Hex } from '../secrets.js';

// Compared against when there is no key to compare with, so that every case costs the same work.
const NO_KEY_HASH = sha256Hex('');

/**
 * Whether `hash` (the SHA-256 of a presented key) is the resource's current key or, while a
 * rotation's overlap lasts (`now` < its expiry, unix seconds), its previous one. Always exactly
 * two constant-time compares, whether the resource exists, rotated, or neither: the answer's
 * cost says nothing about which case it was.
 */
export function keyMatches(resource: Resource | null, which: 'apiKeyHash' | 'drainKeyHash', hash: string, now: number): boolean {
  const previous = resource?.previousKeys && resource.previousKeys.expiresAt > now ? resource.previousKeys : null;
  const current = safeEqual(hash, resource?.[which] ?? NO_KEY_HASH);
  const old = safeEqual(hash, previous?.[which] ?? NO_KEY_HASH);
  return resource !== null && (current || (previous !== null && old));
}
