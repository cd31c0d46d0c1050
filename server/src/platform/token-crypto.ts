import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { purposeKey } from '../secrets.js';

const PREFIX = 'v1';

/**
 * AES-256-GCM under a key derived from VANITY_SECRET, for the secrets Heroku gives us (OAuth
 * tokens, the grant code, the log input URL): what the database holds is useless without the
 * server secret, and a tampered value fails to decrypt instead of being used.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export function secretBox(serverSecret: string): SecretBox {
  const key = purposeKey(serverSecret, 'platform-token-encryption');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [PREFIX, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed) {
      const [prefix, iv, tag, body] = sealed.split('.');
      if (prefix !== PREFIX || iv === undefined || tag === undefined || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
