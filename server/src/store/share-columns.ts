import type { Share } from '../model/share.js';

/** The `shares` columns as both stores read them (`show_paths` is 0/1 in SQLite, boolean in PostgreSQL). */
export interface ShareColumns {
  id: string;
  resource_id: string;
  token_hash: string;
  show_paths: number | boolean;
  password_hash: string | null;
  expires_at: number | null;
  created_at: number;
}

export function shareFromColumns(row: ShareColumns): Share {
  return {
    id: row.id,
    resourceId: row.resource_id,
    tokenHash: row.token_hash,
    showPaths: row.show_paths === true || row.show_paths === 1,
    passwordHash: row.password_hash,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
