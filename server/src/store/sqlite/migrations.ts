/**
 * The SQLite schema, as an append-only list of migrations. `PRAGMA user_version` records
 * how many have run. Never edit a migration that has shipped; add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE resources (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT,
    plan TEXT,
    region TEXT,
    options TEXT NOT NULL DEFAULT '{}',
    log_drain_token TEXT,
    key_salt TEXT,
    api_key_hash TEXT,
    drain_key_hash TEXT,
    public_id TEXT UNIQUE,
    badge_enabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    pruned_minute_before INTEGER NOT NULL DEFAULT 0,
    pruned_hour_before INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE totals (
    resource INTEGER PRIMARY KEY,
    requests INTEGER NOT NULL DEFAULT 0,
    lost_lines INTEGER NOT NULL DEFAULT 0,
    parse_errors INTEGER NOT NULL DEFAULT 0
  );

  -- One row per resource x level x bucket x dimension x key (GoatCounter-style counts).
  CREATE TABLE counts (
    resource INTEGER NOT NULL,
    level INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (resource, level, bucket, dim, key)
  ) WITHOUT ROWID;

  -- Logplex-Frame-Ids already counted, for exactly-once ingestion of retried batches.
  CREATE TABLE frames (
    resource INTEGER NOT NULL,
    frame_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (resource, frame_id)
  ) WITHOUT ROWID;
  CREATE INDEX frames_received_at ON frames (received_at);
  `,
  // Breakdowns are kept per hour and day only (LEVEL_DIMENSIONS in model/levels.ts): minute
  // rows of any dimension but the request series are no longer written or read.
  `DELETE FROM counts WHERE level = 0 AND dim NOT IN ('all', 'error', 'lost');`,
  // Alerts: rules with their hysteresis state, their history, outgoing notifications (retried
  // until delivered), and the last minute the alert job evaluated (claimed once across processes).
  `
  CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    resource INTEGER NOT NULL,
    params TEXT NOT NULL,
    channels TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    firing INTEGER NOT NULL DEFAULT 0,
    clear_streak INTEGER NOT NULL DEFAULT 0,
    event_id TEXT
  );
  CREATE INDEX alert_rules_resource ON alert_rules (resource);

  CREATE TABLE alert_events (
    id TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    resource INTEGER NOT NULL,
    fired_at INTEGER NOT NULL,
    fired_value REAL NOT NULL,
    resolved_at INTEGER,
    resolved_value REAL
  );
  CREATE INDEX alert_events_resource ON alert_events (resource, fired_at);

  CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    resource INTEGER NOT NULL,
    rule TEXT NOT NULL,
    event TEXT NOT NULL,
    channel TEXT NOT NULL,
    notice TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    delivered_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at);

  CREATE TABLE job_runs (
    job TEXT PRIMARY KEY,
    last_minute INTEGER NOT NULL
  );
  `,
  // Talking back to Heroku (server/src/platform): OAuth tokens (encrypted), the app's log input,
  // milestones, releases from add-on webhooks, and the previous credentials during a rotation.
  `
  ALTER TABLE resources ADD COLUMN previous_key_salt TEXT;
  ALTER TABLE resources ADD COLUMN previous_api_key_hash TEXT;
  ALTER TABLE resources ADD COLUMN previous_drain_key_hash TEXT;
  ALTER TABLE resources ADD COLUMN previous_keys_expire_at INTEGER;

  CREATE TABLE platform (
    resource INTEGER PRIMARY KEY,
    callback_url TEXT,
    log_input_url TEXT,
    grant_code TEXT,
    grant_expires_at INTEGER,
    token_state TEXT NOT NULL DEFAULT 'none',
    token_reason TEXT,
    access_token TEXT,
    refresh_token TEXT,
    token_expires_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    webhook_state TEXT NOT NULL DEFAULT 'none',
    webhook_id TEXT,
    webhook_reason TEXT,
    rotation_state TEXT NOT NULL DEFAULT 'none',
    rotation_reason TEXT,
    rotated_at INTEGER,
    updated_at INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE milestones (
    resource INTEGER NOT NULL,
    value INTEGER NOT NULL,
    reached_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    delivery TEXT NOT NULL,
    delivery_reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    claimed_at INTEGER,
    delivered_at INTEGER,
    PRIMARY KEY (resource, value)
  ) WITHOUT ROWID;

  CREATE TABLE releases (
    resource INTEGER NOT NULL,
    version INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    released_at INTEGER NOT NULL,
    PRIMARY KEY (resource, version)
  ) WITHOUT ROWID;

  CREATE TABLE webhook_events (
    resource INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (resource, event_id)
  ) WITHOUT ROWID;
  `,
  // The operator's records (admin/): plan history for the revenue estimate, drain traffic per
  // resource and UTC day, and each process's last reported performance. Kept after deprovision:
  // they hold no customer content, only what Heroku bills and how much was ingested.
  `
  CREATE TABLE plan_events (
    id INTEGER PRIMARY KEY,
    resource INTEGER NOT NULL,
    plan TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX plan_events_resource ON plan_events (resource, at);
  INSERT INTO plan_events (resource, plan, at) SELECT seq, plan, created_at FROM resources WHERE plan IS NOT NULL;

  CREATE TABLE ingest_days (
    day INTEGER NOT NULL,
    resource INTEGER NOT NULL,
    batches INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    server_errors INTEGER NOT NULL DEFAULT 0,
    lines INTEGER NOT NULL DEFAULT 0,
    lost_lines INTEGER NOT NULL DEFAULT 0,
    parse_errors INTEGER NOT NULL DEFAULT 0,
    last_batch_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, resource)
  ) WITHOUT ROWID;

  CREATE TABLE process_stats (
    process_id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    commit_p50_ms REAL,
    commit_p99_ms REAL,
    group_size_mean REAL,
    queue_depth INTEGER NOT NULL,
    event_loop_lag_p99_ms REAL,
    drain_5xx INTEGER NOT NULL
  );
  `,
  // Shareable read-only links (share/): a revoked link is deleted, a removed add-on's links with it.
  `
  CREATE TABLE shares (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    show_paths INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    expires_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX shares_resource ON shares (resource_id);
  `,
  // A tombstone keeps only its id, seq and timestamps (tombstone.ts): each plan event records the
  // region too, so that the operator's report finds a deprovisioned add-on's plan and region there.
  `
  ALTER TABLE plan_events ADD COLUMN region TEXT;
  UPDATE plan_events SET region = (SELECT region FROM resources r WHERE r.seq = plan_events.resource);
  INSERT INTO plan_events (resource, plan, region, at)
    SELECT seq, plan, region, created_at FROM resources r
    WHERE plan IS NOT NULL AND NOT EXISTS (SELECT 1 FROM plan_events e WHERE e.resource = r.seq);
  UPDATE resources SET plan = NULL, region = NULL WHERE deleted_at IS NOT NULL;
  `,
];
