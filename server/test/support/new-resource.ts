import { randomUUID } from 'node:crypto';
import type { NewResource } from '../../src/model/resource.js';

/** A resource to create on any store: a hobby add-on in the US, fresh id and secrets, with `overrides`. */
export function newResource(overrides: Partial<NewResource> = {}): NewResource {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    name: 'acme-vanity',
    plan: 'hobby',
    region: 'us',
    options: { timezone: 'Europe/Berlin' },
    logDrainToken: `d.${id}`,
    keySalt: randomUUID(),
    apiKeyHash: 'a'.repeat(64),
    drainKeyHash: 'b'.repeat(64),
    publicId: randomUUID(),
    badgeEnabled: false,
    ...overrides,
  };
}
