import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isPlanName } from '../../plans.js';
import type { Resource } from '../store.js';

/** One connection with Vanity's settings; the reader (main thread) and the writer thread each open one. */
export function openConnection(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer 2xx, so even power loss keeps acknowledged counts.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

export interface ResourceRow {
  seq: number;
  id: string;
  name: string | null;
  plan: string;
  region: string;
  options: string;
  log_drain_token: string | null;
  key_salt: string;
  api_key_hash: string;
  drain_key_hash: string;
  public_id: string;
  badge_enabled: number;
  created_at: number;
  deleted_at: number | null;
  pruned_minute_before: number;
  pruned_hour_before: number;
}

export function toResource(row: ResourceRow): Resource {
  if (!isPlanName(row.plan)) throw new Error(`resource ${row.id} has unknown plan ${row.plan}`);
  return {
    id: row.id,
    seq: row.seq,
    name: row.name,
    plan: row.plan,
    region: row.region,
    options: JSON.parse(row.options) as Resource['options'],
    logDrainToken: row.log_drain_token,
    keySalt: row.key_salt,
    apiKeyHash: row.api_key_hash,
    drainKeyHash: row.drain_key_hash,
    publicId: row.public_id,
    badgeEnabled: row.badge_enabled === 1,
    createdAt: new Date(row.created_at),
    prunedBefore: { minute: row.pruned_minute_before, hour: row.pruned_hour_before },
  };
}

export const liveResource = (row: ResourceRow | undefined): Resource | null =>
  row && row.deleted_at === null ? toResource(row) : null;

export const SELECT_RESOURCE_BY_ID = `SELECT * FROM resources WHERE id = ?`;
