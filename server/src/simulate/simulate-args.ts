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
  /** `--error-burst 60s`: half the requests answer 500 for that long, `--error-burst-at` into the run. */
  errorBurst?: { fromMs: number; toMs: number; share: number };
}

export const USAGE = `Usage: npm run simulate -- [--rps 50] [--duration 60s] [--app demo-app] [--url http://localhost:5000]
                           [--dynos 4] [--seed 1] [--error-burst 60s [--error-burst-at 20s]]

Provisions a Vanity resource for the app on a running server (reused on later runs with the
same --app) and streams realistic Heroku router traffic to its log drain as Logplex would.
--error-burst makes half the requests answer 500 for that long (starting --error-burst-at into
the run, 20s by default): enough to fire an error-rate alert.`;

/** A command-line mistake: the message says what to do. */
export class UsageError extends Error {}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60s`, `2m`, `1h`, `500ms`, or a bare number of seconds. */
export function parseDuration(text: string, flag = '--duration'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag}: expected a duration like 60s, 5m or 1h, got ${JSON.stringify(text)}`);
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
        'error-burst': { type: 'string' },
        'error-burst-at': { type: 'string', default: '20s' },
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
  const durationMs = parseDuration(values.duration);
  let errorBurst: SimulateOptions['errorBurst'];
  if (values['error-burst'] !== undefined) {
    const fromMs = parseDuration(values['error-burst-at'], '--error-burst-at');
    const lengthMs = parseDuration(values['error-burst'], '--error-burst');
    if (lengthMs === 0) throw new UsageError('--error-burst: expected a duration above 0, like 60s');
    if (fromMs + lengthMs > durationMs) {
      throw new UsageError(`--error-burst: the burst (${values['error-burst-at']} + ${values['error-burst']}) must end within --duration (${values.duration})`);
    }
    errorBurst = { fromMs, toMs: fromMs + lengthMs, share: 0.5 };
  }
  return {
    rps: positiveNumber('rps', values.rps, false),
    durationMs,
    app: values.app,
    url: serverUrl(values.url),
    dynos: positiveNumber('dynos', values.dynos, true),
    seed: positiveNumber('seed', values.seed, true),
    ...(errorBurst ? { errorBurst } : {}),
  };
}
