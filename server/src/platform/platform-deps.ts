import type { PlatformConfig } from '../config.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import { retryPolicy } from './backoff.js';
import type { RetryPolicy } from './backoff.js';
import { platformApi } from './platform-api.js';
import type { PlatformApi } from './platform-api.js';
import { secretBox } from './token-crypto.js';
import type { SecretBox } from './token-crypto.js';
import { tokenSource } from './tokens.js';

/** Everything the Heroku-facing code needs, built once per process. */
export interface PlatformDeps {
  config: PlatformConfig;
  /** VANITY_BASE_URL, read when used (a test server learns its port after listening). */
  baseUrl: () => string;
  /** VANITY_SECRET: derives credentials and the encryption key. */
  secret: string;
  store: Store;
  box: SecretBox;
  api: PlatformApi;
  retry: RetryPolicy;
  log: Logger;
  now: () => Date;
  /** Told whether each write to an app's log input was delivered (the self-metrics count them). */
  onDelivery?: (delivered: boolean) => void;
}

export function platformDeps(fields: Omit<PlatformDeps, 'box' | 'api' | 'retry'>): PlatformDeps {
  const retry = retryPolicy(fields.config.retryBaseMs);
  const box = secretBox(fields.secret);
  const partial = { ...fields, box, retry };
  return { ...partial, api: platformApi({ apiUrl: fields.config.apiUrl, retry, tokens: tokenSource(partial) }) };
}
