import { HttpError } from '../http/json.js';
import type { ResourceOptions } from '../model/resource.js';

/** `heroku addons:create vanity -- --timezone=Europe/Berlin` arrives as `options: { timezone: "Europe/Berlin" }`. */
export const OPTION_HELP = 'accepted options: --timezone=<IANA time zone, e.g. Europe/Berlin> (default UTC)';

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function parseProvisionOptions(raw: unknown): ResourceOptions {
  const options: ResourceOptions = { timezone: 'UTC' };
  if (raw === undefined || raw === null) return options;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(422, `options must be an object; ${OPTION_HELP}`);
  for (const [name, value] of Object.entries(raw)) {
    if (name !== 'timezone') throw new HttpError(422, `unknown option --${name}; ${OPTION_HELP}`);
    if (typeof value !== 'string' || !isTimeZone(value)) {
      throw new HttpError(422, `--timezone=${String(value)} is not an IANA time zone; ${OPTION_HELP}`);
    }
    options.timezone = value;
  }
  return options;
}
