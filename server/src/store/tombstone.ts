/**
 * What deprovisioning leaves of a resource's row: its id (so that Heroku retrying the
 * provision of a deprovisioned uuid is refused, not answered with a fresh resource), its seq
 * and its timestamps. Nothing else: the app's name, plan, region, options, drain token and
 * credential hashes go. The operator's revenue and lifetime report finds a deprovisioned
 * add-on's last plan and its region in `plan_events` (`LIFETIMES_SQL` in operator-columns.ts).
 * `tombstone.test.ts` fails when `resources` gains a column that is in neither list.
 */
export const TOMBSTONE_KEPT: readonly string[] = ['seq', 'id', 'created_at', 'deleted_at'];

/** Every other column of `resources`, and the SQL value deprovisioning sets it to. */
export const TOMBSTONE_CLEARED: Readonly<Record<string, 'NULL' | "'{}'" | 'FALSE' | '0'>> = {
  name: 'NULL',
  plan: 'NULL',
  region: 'NULL',
  options: "'{}'",
  log_drain_token: 'NULL',
  key_salt: 'NULL',
  api_key_hash: 'NULL',
  drain_key_hash: 'NULL',
  public_id: 'NULL',
  badge_enabled: 'FALSE',
  pruned_minute_before: '0',
  pruned_hour_before: '0',
  previous_key_salt: 'NULL',
  previous_api_key_hash: 'NULL',
  previous_drain_key_hash: 'NULL',
  previous_keys_expire_at: 'NULL',
};

/** The `SET` list that clears a row to its tombstone; the same SQL on SQLite and PostgreSQL. */
export const TOMBSTONE_SET = Object.entries(TOMBSTONE_CLEARED)
  .map(([column, value]) => `${column} = ${value}`)
  .join(', ');
