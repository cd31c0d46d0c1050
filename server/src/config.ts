import { readFileSync } from 'node:fs';
import { parsePathCap } from './aggregate/key-cap.js';

/** Everything the server reads from its environment, resolved once at start-up. */
export interface Config {
  port: number;
  /** Interface to listen on; undefined → every interface. Loopback whenever a development secret is in use. */
  host: string | undefined;
  /** Names of the secrets that fell back to their public development values (only ever on loopback). */
  developmentSecrets: string[];
  /** Public base URL of this server, used to build VANITY_URL and the drain URL. */
  baseUrl: string;
  /** Manifest `id`: the basic-auth username Heroku uses on the provider API. */
  addonId: string;
  /** Manifest `api.password`. */
  addonPassword: string;
  /** Manifest `api.sso_salt`. */
  ssoSalt: string;
  /** Server secret: derives per-resource credentials and signs dashboard sessions. */
  secret: string;
  /** Unset → SQLite at data/vanity.sqlite; `sqlite:<path>`; `postgres://…`. */
  databaseUrl: string | undefined;
  /** PostgreSQL only: connections per process (`PGPOOL_MAX` or `VANITY_DB_POOL_SIZE`). */
  dbPoolSize: number | undefined;
  /** PostgreSQL only: `PGSSLMODE`, used when DATABASE_URL carries no `sslmode`. */
  pgSslMode: string | undefined;
  /** When set, provision and plan change answer 503 with this message. */
  maintenance: string | undefined;
  /** Write one logfmt line per request to stdout. */
  logRequests: boolean;
  /** Seconds between retention runs; 0 disables them. */
  retentionIntervalSeconds: number;
  /** Distinct paths counted per resource per day; later new paths count under `(other)`. */
  pathCap: number;
  /** After SIGTERM the process exits within this many seconds, even if something hangs. */
  shutdownTimeoutSeconds: number;
  /** A request's headers must arrive within this long. */
  headersTimeoutMs: number;
  /** A drain POST's body must arrive within this long of its headers. */
  drainBodyTimeoutMs: number;
  /** Every other body (provider JSON, SSO and dashboard forms, webhooks) must arrive within this long. */
  bodyTimeoutMs: number;
  /** Request body bytes held in memory at once, across all requests; beyond it a body is refused with 503. */
  bodyMemoryBytes: number;
  /** The operator console's password; unset → the operator routes answer 404. */
  adminPassword: string | undefined;
  /** Bearer token for `GET /metrics` (besides an operator session); unset → operator session only. */
  metricsToken: string | undefined;
  /** Seconds between writes of the operator's records and the l2met self-metrics line. */
  metricsIntervalSeconds: number;
  /** A drain that sent nothing for this many hours, after it had sent before, is stale. */
  staleDrainHours: number;
  /** Talking back to Heroku (server/src/platform). */
  platform: PlatformConfig;
  /** Evaluate alert rules and send their notifications in this process. */
  alertsEnabled: boolean;
  /** Seconds after each minute boundary at which alerts evaluate the minute that just ended. */
  alertDelaySeconds: number;
  /** `SMTP_URL`: e-mail alerts are offered only when set. */
  smtpUrl: string | undefined;
  /** Sender of alert e-mails. */
  alertEmailFrom: string;
  /**
   * Webhook alerts may target loopback addresses: only in the loopback-only development mode
   * (a development secret in use, so the server listens on loopback; never in production).
   * Private, link-local and metadata addresses are refused always.
   */
  webhookAllowLoopback: boolean;
  /** Worker processes to run (`cluster/`): `WEB_CONCURRENCY` as set, else undefined (see `workerCount`). */
  webConcurrency: number | undefined;
  /** `DYNO`: set on a Heroku dyno, where the default number of workers follows the dyno's cores. */
  dyno: string | undefined;
}

export interface PlatformConfig {
  /** id.heroku.com: where OAuth grants are exchanged and tokens refreshed. */
  idUrl: string;
  /** api.heroku.com: the Platform API for Partners. */
  apiUrl: string;
  /** The add-on's OAuth client secret; without it no grant is exchanged. */
  oauthClientSecret: string | undefined;
  /** How long the previous API and drain credentials keep working after a rotation. */
  rotationOverlapSeconds: number;
  /** Seconds between rounds of the platform job (exchange, refresh, webhooks, milestones); 0 turns the schedule off. */
  intervalSeconds: number;
  /** First retry delay of every call to Heroku; each further retry waits twice as long. */
  retryBaseMs: number;
}

type Env = Record<string, string | undefined>;

interface ManifestDefaults {
  id: string;
  password: string;
  ssoSalt: string;
  testBaseUrl: string;
}

const DEV_SECRET = 'vanity-development-secret-do-not-use-in-production';

/** The manifest's test values: the local-development fallback for credentials. */
export function readManifestDefaults(path = new URL('../../addon-manifest.json', import.meta.url)): ManifestDefaults {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    id: string;
    api: { password: string; sso_salt: string; test: { base_url: string } };
  };
  return {
    id: manifest.id,
    password: manifest.api.password,
    ssoSalt: manifest.api.sso_salt,
    testBaseUrl: new URL(manifest.api.test.base_url).origin,
  };
}

/** Heroku sets DYNO on every dyno: that is production whatever NODE_ENV says. */
function productionReason(env: Env): string | undefined {
  if (env.NODE_ENV === 'production') return 'NODE_ENV=production';
  if (env.DYNO) return `DYNO=${env.DYNO}`;
  return undefined;
}

const LOOPBACK_HOST = '127.0.0.1';

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}

function listing(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

interface Secrets {
  host: string | undefined;
  addonPassword: string;
  ssoSalt: string;
  secret: string;
  developmentSecrets: string[];
}

/**
 * The three shared secrets. Their development values are in this repository, so they are used
 * only on a server that listens on loopback: elsewhere, or in production, a missing one is fatal.
 */
function resolveSecrets(env: Env, manifest: ManifestDefaults): Secrets {
  const fallbacks = { VANITY_SECRET: DEV_SECRET, VANITY_ADDON_PASSWORD: manifest.password, VANITY_SSO_SALT: manifest.ssoSalt };
  const missing = Object.keys(fallbacks).filter((name) => !env[name]);
  const explicitHost = env.VANITY_HOST || undefined;
  const production = productionReason(env);
  if (missing.length > 0) {
    const where = production ?? (explicitHost !== undefined && !isLoopbackHost(explicitHost) ? `VANITY_HOST=${explicitHost}` : undefined);
    if (where !== undefined) {
      throw new Error(
        `${listing(missing)} must be set (${where}): the development values are public and are used only on a server listening on loopback`,
      );
    }
  }
  const value = (name: keyof typeof fallbacks) => env[name] || fallbacks[name];
  return {
    host: explicitHost ?? (missing.length > 0 ? LOOPBACK_HOST : undefined),
    addonPassword: value('VANITY_ADDON_PASSWORD'),
    ssoSalt: value('VANITY_SSO_SALT'),
    secret: value('VANITY_SECRET'),
    developmentSecrets: missing,
  };
}

function baseUrlOf(env: Env, localBaseUrl: string): string {
  const value = env.VANITY_BASE_URL;
  if (value) return value.replace(/\/+$/, '');
  const production = productionReason(env);
  if (production) throw new Error(`VANITY_BASE_URL must be set (${production}): the public https URL of this server`);
  return localBaseUrl;
}

function poolSize(env: Env): number | undefined {
  const name = env.PGPOOL_MAX ? 'PGPOOL_MAX' : 'VANITY_DB_POOL_SIZE';
  const raw = env[name];
  if (!raw) return undefined;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 2) throw new Error(`${name} must be a whole number of connections ≥ 2, got ${JSON.stringify(raw)}`);
  return size;
}

/** The database part of the config alone (the release-phase migration needs nothing else). */
export function databaseConfig(env: Env = process.env): Pick<Config, 'databaseUrl' | 'dbPoolSize' | 'pgSslMode'> {
  const databaseUrl = env.DATABASE_URL || undefined;
  // Heroku sets DYNO; a dyno's disk is wiped on every restart, so SQLite there would lose counts.
  if (env.DYNO && !/^postgres(ql)?:\/\//.test(databaseUrl ?? '')) {
    throw new Error(`DATABASE_URL must be a postgres:// URL on Heroku (dyno ${env.DYNO}): a dyno's disk is wiped on restart. Add a database: heroku addons:create heroku-postgresql`);
  }
  return { databaseUrl, dbPoolSize: poolSize(env), pgSslMode: env.PGSSLMODE || undefined };
}

function parseRetentionInterval(value: string | undefined): number {
  if (value === undefined || value === '') return 300;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new Error(`VANITY_RETENTION_INTERVAL_SECONDS must be a whole number of seconds (0 disables), got ${JSON.stringify(value)}`);
  }
  return seconds;
}

/** A positive number of seconds (fractions allowed), as milliseconds. */
function secondsSetting(env: Env, name: string, fallbackSeconds: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallbackSeconds * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`${name} must be a number of seconds > 0, got ${JSON.stringify(value)}`);
  return Math.round(seconds * 1000);
}

function mebibytesSetting(env: Env, name: string, fallback: number): number {
  const value = env[name];
  const mebibytes = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isFinite(mebibytes) || mebibytes < 1) throw new Error(`${name} must be a number of MiB ≥ 1, got ${JSON.stringify(value)}`);
  return Math.round(mebibytes * 1024 * 1024);
}

/** Heroku sends SIGKILL 30 s after SIGTERM: by default give up a little before. */
function parseShutdownTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return 25;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`VANITY_SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds ≥ 1, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

function positiveWhole(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return value;
}

/** The review report reads this alone: it needs none of the server's secrets. */
export function staleDrainHours(env: Env = process.env): number {
  return positiveWhole(env, 'VANITY_STALE_DRAIN_HOURS', 6);
}

const MIN_ADMIN_PASSWORD_LENGTH = 12;

function adminPassword(env: Env): string | undefined {
  const password = env.VANITY_ADMIN_PASSWORD || undefined;
  if (password !== undefined && password.length < MIN_ADMIN_PASSWORD_LENGTH) {
    throw new Error(`VANITY_ADMIN_PASSWORD must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters (the operator console is on the internet)`);
  }
  return password;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function urlSetting(env: Env, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^https?:\/\//.test(value)) throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}

export function platformConfig(env: Env = process.env): PlatformConfig {
  const oauthClientSecret = env.VANITY_OAUTH_CLIENT_SECRET || undefined;
  if (!oauthClientSecret && env.NODE_ENV === 'production') {
    throw new Error('VANITY_OAUTH_CLIENT_SECRET must be set when NODE_ENV=production (the add-on\'s OAuth client secret from the partner portal)');
  }
  return {
    idUrl: urlSetting(env, 'HEROKU_ID_URL', 'https://id.heroku.com'),
    apiUrl: urlSetting(env, 'HEROKU_API_URL', 'https://api.heroku.com'),
    oauthClientSecret,
    rotationOverlapSeconds: wholeNumber(env, 'VANITY_ROTATION_OVERLAP_SECONDS', 7200, 0),
    intervalSeconds: wholeNumber(env, 'VANITY_PLATFORM_INTERVAL_SECONDS', 10, 0),
    retryBaseMs: wholeNumber(env, 'VANITY_PLATFORM_RETRY_BASE_MS', 500, 1),
  };
}

function parseAlertDelay(value: string | undefined): number {
  if (value === undefined || value === '') return 10;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 50) {
    throw new Error(`VANITY_ALERT_DELAY_SECONDS must be a whole number of seconds from 0 to 50, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

function parseSmtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^smtps?:\/\/[^/]/.test(value)) throw new Error('SMTP_URL must be smtp://user:password@host:port or smtps://…');
  return value;
}

/** The Node.js buildpack's own ceiling: beyond it a typo, not a plan. */
const MAX_WEB_CONCURRENCY = 32;

/** Heroku's convention for Node (the Node.js buildpack sets it from the dyno's memory). */
function parseWebConcurrency(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WEB_CONCURRENCY) {
    throw new Error(`WEB_CONCURRENCY must be a whole number of processes from 1 to ${MAX_WEB_CONCURRENCY}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function loadConfig(env: Env = process.env, manifest: ManifestDefaults = readManifestDefaults()): Config {
  const port = Number(env.PORT ?? 5000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  }
  const localBaseUrl = port === 5000 ? manifest.testBaseUrl : `http://localhost:${port}`;
  const database = databaseConfig(env);
  const secrets = resolveSecrets(env, manifest);
  return {
    port,
    baseUrl: baseUrlOf(env, localBaseUrl),
    addonId: env.VANITY_ADDON_ID || manifest.id,
    ...secrets,
    ...database,
    maintenance: env.VANITY_MAINTENANCE || undefined,
    logRequests: env.VANITY_LOG_REQUESTS !== 'false',
    retentionIntervalSeconds: parseRetentionInterval(env.VANITY_RETENTION_INTERVAL_SECONDS),
    pathCap: parsePathCap(env.VANITY_PATH_CAP),
    shutdownTimeoutSeconds: parseShutdownTimeout(env.VANITY_SHUTDOWN_TIMEOUT_SECONDS),
    headersTimeoutMs: secondsSetting(env, 'VANITY_HEADERS_TIMEOUT_SECONDS', 10),
    drainBodyTimeoutMs: secondsSetting(env, 'VANITY_DRAIN_BODY_TIMEOUT_SECONDS', 10),
    bodyTimeoutMs: secondsSetting(env, 'VANITY_BODY_TIMEOUT_SECONDS', 10),
    bodyMemoryBytes: mebibytesSetting(env, 'VANITY_BODY_MEMORY_MB', 64),
    adminPassword: adminPassword(env),
    metricsToken: env.VANITY_METRICS_TOKEN || undefined,
    metricsIntervalSeconds: positiveWhole(env, 'VANITY_METRICS_INTERVAL_SECONDS', 60),
    staleDrainHours: staleDrainHours(env),
    platform: platformConfig(env),
    alertsEnabled: env.VANITY_ALERTS !== 'off',
    alertDelaySeconds: parseAlertDelay(env.VANITY_ALERT_DELAY_SECONDS),
    smtpUrl: parseSmtpUrl(env.SMTP_URL),
    alertEmailFrom: env.VANITY_ALERT_EMAIL_FROM || 'Vanity alerts <alerts@vanity.invalid>',
    webhookAllowLoopback: secrets.developmentSecrets.length > 0,
    webConcurrency: parseWebConcurrency(env.WEB_CONCURRENCY),
    dyno: env.DYNO || undefined,
  };
}
