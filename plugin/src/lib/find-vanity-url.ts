import { CLIError } from '@oclif/core/errors';
import type { APIClient } from '@heroku-cli/command';
import type * as Heroku from '@heroku-cli/schema';

export const ADDON_SERVICE = 'vanity';

export interface VanityTarget {
  /** The developer API URL, with its credential in the userinfo. */
  url: string;
  /** Where the URL came from, for error messages: a config var name or "VANITY_URL in your environment". */
  source: string;
  /** The config var holding the URL on `app`; absent when the URL came from the environment. */
  configVar?: string;
  app?: string;
}

export class VanityLookupError extends CLIError {}

/**
 * Finds the app's Vanity add-on and reads its URL from the app's config vars (both asked for
 * at once). The add-on's own `config_vars` names the variable, so an attachment renamed with
 * `--as` still works.
 */
export async function findVanityUrl(heroku: APIClient, app: string, addonName?: string): Promise<VanityTarget> {
  const path = `/apps/${encodeURIComponent(app)}`;
  const addonsCall = heroku.get<Heroku.AddOn[]>(`${path}/addons`);
  // Asked for at once, not after the add-ons: one Platform API round trip less. Its failure
  // only counts once the add-on is known (an unknown app fails on the add-ons first).
  const configCall = heroku.get<Heroku.ConfigVars>(`${path}/config-vars`);
  configCall.catch(() => undefined);
  const { body: addons } = await addonsCall;
  const addon = pickAddon(app, addons.filter(isVanity), addonName);
  const varName = addon.config_vars.find((name) => name.endsWith('_URL')) ?? addon.config_vars[0];
  if (!varName) {
    throw new VanityLookupError(
      `The add-on ${addon.name} has no config var yet; it may still be provisioning. Check with \`heroku addons:info ${addon.name}\`.`,
    );
  }
  const { body: config } = await configCall;
  const url = config[varName];
  if (!url) {
    throw new VanityLookupError(
      `${varName} is not set on ${app}. Check the attachment with \`heroku addons:info ${addon.name}\`.`,
    );
  }
  return { url, source: varName, configVar: varName, app };
}

function isVanity(addon: Heroku.AddOn): boolean {
  return addon.addon_service.name === ADDON_SERVICE;
}

function pickAddon(app: string, vanities: Heroku.AddOn[], wanted?: string): Heroku.AddOn {
  if (wanted) {
    const match = vanities.find((addon) => addon.name === wanted || addon.config_vars.some((v) => matchesVar(v, wanted)));
    if (match) return match;
    throw new VanityLookupError(
      `No Vanity add-on called ${wanted} on ${app}. Its Vanity add-ons: ${names(vanities) || 'none'}.`,
    );
  }
  const [only, ...more] = vanities;
  if (!only) {
    throw new VanityLookupError(
      `Vanity is not installed on ${app}. Install it with \`heroku addons:create vanity -a ${app}\`.`,
    );
  }
  if (more.length > 0) {
    throw new VanityLookupError(`${app} has ${vanities.length} Vanity add-ons (${names(vanities)}). Pick one with --addon NAME.`);
  }
  return only;
}

/** `--addon TRAFFIC` or `--addon TRAFFIC_URL` picks the add-on attached as TRAFFIC. */
function matchesVar(varName: string, wanted: string): boolean {
  const upper = wanted.toUpperCase();
  return varName === upper || varName === `${upper}_URL`;
}

function names(addons: Heroku.AddOn[]): string {
  return addons.map((addon) => addon.name).join(', ');
}
