import type { PlanName } from './plans.js';

export interface ResourceOptions {
  /** IANA zone: day buckets start at this zone's midnight; default zone of API queries. */
  timezone: string;
}

export interface Resource {
  /** Heroku's uuid for the add-on resource, also our provider id. */
  id: string;
  /** Compact internal number used as the key of count rows. */
  seq: number;
  name: string | null;
  plan: PlanName;
  region: string;
  options: ResourceOptions;
  /** Logplex drain token (`d.<uuid>`) from provision, if Heroku sent one. */
  logDrainToken: string | null;
  /** Random per-resource salt from which the API and drain credentials are derived. */
  keySalt: string;
  apiKeyHash: string;
  drainKeyHash: string;
  /** Public, unguessable id for the counter badge URL. */
  publicId: string;
  badgeEnabled: boolean;
  createdAt: Date;
  /** Minute/hour rows older than these are gone (pruned), whatever the plan says now. */
  prunedBefore: { minute: number; hour: number };
  /** During a credential rotation's overlap: the keys before it, valid until `expiresAt` (unix s). */
  previousKeys: (KeySet & { expiresAt: number }) | null;
}

/** A resource's credentials: the salt they derive from and the hashes auth compares against. */
export interface KeySet {
  keySalt: string;
  apiKeyHash: string;
  drainKeyHash: string;
}

/** A resource as provision creates it; the store assigns the rest. */
export type NewResource = Omit<Resource, 'seq' | 'createdAt' | 'prunedBefore' | 'previousKeys'>;
