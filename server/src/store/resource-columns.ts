import { isPlanName } from '../model/plans.js';
import type { Resource } from '../model/resource.js';

/** The `resources` columns both stores read back with the same JS types. */
export interface ResourceColumns {
  seq: number;
  id: string;
  name: string | null;
  plan: string;
  region: string;
  log_drain_token: string | null;
  key_salt: string;
  api_key_hash: string;
  drain_key_hash: string;
  public_id: string;
  pruned_minute_before: number;
  pruned_hour_before: number;
  previous_key_salt: string | null;
  previous_api_key_hash: string | null;
  previous_drain_key_hash: string | null;
  previous_keys_expire_at: number | null;
}

/** A resource from its row; `typed` holds the columns whose storage type differs per store. */
export function resourceFromColumns(row: ResourceColumns, typed: Pick<Resource, 'options' | 'badgeEnabled' | 'createdAt'>): Resource {
  if (!isPlanName(row.plan)) throw new Error(`resource ${row.id} has unknown plan ${row.plan}`);
  return {
    id: row.id,
    seq: row.seq,
    name: row.name,
    plan: row.plan,
    region: row.region,
    ...typed,
    logDrainToken: row.log_drain_token,
    keySalt: row.key_salt,
    apiKeyHash: row.api_key_hash,
    drainKeyHash: row.drain_key_hash,
    publicId: row.public_id,
    prunedBefore: { minute: row.pruned_minute_before, hour: row.pruned_hour_before },
    previousKeys:
      row.previous_key_salt !== null && row.previous_api_key_hash !== null && row.previous_drain_key_hash !== null
        ? {
            keySalt: row.previous_key_salt,
            apiKeyHash: row.previous_api_key_hash,
            drainKeyHash: row.previous_drain_key_hash,
            expiresAt: Number(row.previous_keys_expire_at ?? 0),
          }
        : null,
  };
}
