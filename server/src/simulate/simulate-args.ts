import { parseArgs } from 'node:util';

export interface SimulateOptions {
  /** Router lines (requests) per second; app output comes on top. */
  rps: number;
  durationMs: number;
  /** Heroku app name; the same name reuses the same Vanity resource. */
  app: string;
  /** Where the Vanity server runs. */
  url: string;
  dynos: number;
  seed: number;
}

export const USAGE = `Usage: npm run simulate -- [--rps 50] [--duration 60s] [--app demo-app] [--url http://localhost:5000]
                           [--dynos 4] [--seed 1]

Provisions a Vanity resource for the app on a running server (reused on later runs with the
same --app) and streams realistic Heroku router traffic to its log drain as Logplex would.`;

/** A command-line mistake: the message says what to do. */
export class UsageError extends Error {}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60s`, `2m`, `1h`, `500ms`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--duration: expected a duration like 60s, 5m or 1h, got ${JSON.stringify(text)}`);
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000));
}

function positiveNumber(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name}: expected a positive ${integer ? 'whole ' : ''}number, got ${JSON.stringify(text)}`);
  }
  return value;
}

function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url: expected a URL like http://localhost:5000, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url: must start with http:// or https://');
  return url.origin;
}

/** Parses the arguments after `npm run simulate --`; returns null when help was asked for. */
export function parseSimulateArgs(args: string[], env: Record<string, string | undefined> = process.env): SimulateOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        rps: { type: 'string', default: '50' },
        duration: { type: 'string', default: '60s' },
        app: { type: 'string', default: 'demo-app' },
        url: { type: 'string', default: `http://localhost:${env.PORT || 5000}` },
        dynos: { type: 'string', default: '4' },
        seed: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return null;
  if (!/^[a-z][a-z0-9-]{1,29}$/.test(values.app)) {
    throw new UsageError(`--app: expected a Heroku app name (lower-case letters, digits and dashes), got ${JSON.stringify(values.app)}`);
  }
  return {
    rps: positiveNumber('rps', values.rps, false),
    durationMs: parseDuration(values.duration),
    app: values.app,
    url: serverUrl(values.url),
    dynos: positiveNumber('dynos', values.dynos, true),
    seed: positiveNumber('seed', values.seed, true),
  };
}
