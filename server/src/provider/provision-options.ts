import { checkTimeZone } from '../contract/input-rules.js';
import { HttpError } from '../http/json.js';
import type { ResourceOptions } from '../model/resource.js';

/**
 * `heroku addons:create vanity -- --timezone=Europe/Berlin --foo` arrives as
 * `options: { timezone: "Europe/Berlin", foo: "true" }` (a valueless switch is "true"). As Heroku
 * advises, unknown options are ignored (and named in the provision message); a bad value of a
 * known option is refused with 422, naming the option.
 */
export const OPTION_HELP = 'accepted options: --timezone=<IANA time zone, e.g. Europe/Berlin> (default UTC)';

export interface ProvisionOptions {
  options: ResourceOptions;
  /** Names of the options given that Vanity does not know, in the order given. */
  ignored: string[];
}

function timezoneOption(value: unknown): string {
  if (value === 'true') throw new HttpError(422, `timezone: --timezone needs a value, e.g. --timezone=Europe/Berlin; ${OPTION_HELP}`);
  if (typeof value !== 'string') throw new HttpError(422, `timezone: --timezone=${JSON.stringify(value)} must be a string; ${OPTION_HELP}`);
  const checked = checkTimeZone(value);
  if (!checked.ok) throw new HttpError(422, `timezone: --timezone=${value} is not an IANA time zone name like UTC, Europe/Berlin or Asia/Kolkata; ${OPTION_HELP}`);
  return checked.value;
}

export function parseProvisionOptions(raw: unknown): ProvisionOptions {
  const result: ProvisionOptions = { options: { timezone: 'UTC' }, ignored: [] };
  if (raw === undefined || raw === null) return result;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(422, `options: must be an object; ${OPTION_HELP}`);
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'timezone') result.options.timezone = timezoneOption(value);
    else result.ignored.push(name);
  }
  return result;
}

/** The provision message's note on ignored options, or '' when there are none. */
export function ignoredOptionsNote(ignored: readonly string[]): string {
  if (ignored.length === 0) return '';
  const names = ignored.map((name) => `--${name}`).join(', ');
  return ` Ignored unknown option${ignored.length > 1 ? 's' : ''} ${names} (${OPTION_HELP}).`;
}
