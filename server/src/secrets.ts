import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the length check cannot leak anything either.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A key of its own for one use of the server secret (cookie signing, token encryption, …), so
 * that what leaks from one use says nothing about another.
 */
export function purposeKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}

export type KeyPurpose = 'api' | 'drain' | 'webhook' | 'alert-webhook';

/**
 * A per-resource credential derived from the server secret and the resource's own salt.
 * Deriving (rather than storing) lets a retried provision return the very same config
 * while the database keeps only hashes.
 */
export function deriveKey(secret: string, purpose: KeyPurpose, resourceId: string, salt: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${resourceId}:${salt}`).digest('base64url');
}
