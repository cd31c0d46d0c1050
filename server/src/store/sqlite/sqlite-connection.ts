import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { resourceFromColumns } from '../resource-columns.js';
import type { ResourceColumns } from '../resource-columns.js';
import type { Resource } from '../../model/resource.js';

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

export interface ResourceRow extends ResourceColumns {
  options: string;
  badge_enabled: number;
  created_at: number;
  deleted_at: number | null;
}

export function toResource(row: ResourceRow): Resource {
  return resourceFromColumns(row, {
    options: JSON.parse(row.options) as Resource['options'],
    badgeEnabled: row.badge_enabled === 1,
    createdAt: new Date(row.created_at),
  });
}

export const liveResource = (row: ResourceRow | undefined): Resource | null =>
  row && row.deleted_at === null ? toResource(row) : null;

export const SELECT_RESOURCE_BY_ID = `SELECT * FROM resources WHERE id = ?`;
