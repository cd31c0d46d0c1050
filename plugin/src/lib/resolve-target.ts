import type { APIClient } from '@heroku-cli/command';
import { ux } from '@oclif/core/ux';
import { findVanityUrl, VanityLookupError } from './find-vanity-url.js';
import type { VanityTarget } from './find-vanity-url.js';

/** Local development only: a `VANITY_URL` in the environment wins over the app's config vars. */
export const VANITY_URL_ENV = 'VANITY_URL';

export interface TargetFlags {
  app?: string;
  addon?: string;
}

export async function resolveTarget(heroku: APIClient, flags: TargetFlags, env = process.env): Promise<VanityTarget> {
  const override = env[VANITY_URL_ENV];
  if (override) {
    if (flags.app) ux.warn(`Reading ${VANITY_URL_ENV} from your environment, not ${flags.app}'s config vars. Unset it to read the app's.`);
    return { url: override, source: `${VANITY_URL_ENV} in your environment`, app: flags.app };
  }
  if (!flags.app) {
    throw new VanityLookupError('Missing required flag app: pass -a APP (or run the command inside the app\'s git checkout).');
  }
  return findVanityUrl(heroku, flags.app, flags.addon);
}
