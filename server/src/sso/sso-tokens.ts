import { createHash } from 'node:crypto';

function hexDigest(algorithm: 'sha1' | 'sha256', parts: readonly string[]): string {
  return createHash(algorithm).update(parts.join(':')).digest('hex');
}

/** `resource_token` (v3) and legacy `token`: sha1 of `id:salt:timestamp`, lower-case hex. */
export function resourceToken(id: string, salt: string, timestamp: string): string {
  return hexDigest('sha1', [id, salt, timestamp]);
}

/** `user_scoped_resource_token`: sha256 of `id:salt:timestamp:user_id:email`, lower-case hex. */
export function userScopedResourceToken(id: string, salt: string, timestamp: string, userId: string, email: string): string {
  return hexDigest('sha256', [id, salt, timestamp, userId, email]);
}
