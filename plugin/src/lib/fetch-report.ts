import type { APIClient } from '@heroku-cli/command';
import * as color from '@heroku/heroku-cli-util/color';
import { ux } from '@oclif/core/ux';
import type { VanityTarget } from './find-vanity-url.js';
import { resolveTarget } from './resolve-target.js';
import type { TargetFlags } from './resolve-target.js';
import { getVanityDownload, getVanityJson } from './vanity-client.js';
import type { DownloadEndpoint, QueryParams } from './vanity-client.js';

export interface Fetched<T> {
  target: VanityTarget;
  report: T;
}

/**
 * Finds the add-on's URL and makes one call with it, behind a spinner (`doing`, e.g. "Fetching
 * request counts") stopped on success and on error.
 */
export async function withVanity<T>(heroku: APIClient, flags: TargetFlags, doing: string, call: (target: VanityTarget) => Promise<T>): Promise<Fetched<T>> {
  ux.action.start(`${doing}${flags.app ? ` for ${color.app(flags.app)}` : ''}`);
  try {
    const target = await resolveTarget(heroku, flags);
    const report = await call(target);
    ux.action.stop();
    return { target, report };
  } catch (error) {
    ux.action.stop('failed');
    throw error;
  }
}

/** Finds the add-on's URL and GETs one report, behind a spinner naming `what`. */
export function fetchReport<T>(heroku: APIClient, flags: TargetFlags, endpoint: 'counts' | 'top', params: QueryParams, what: string): Promise<Fetched<T>> {
  return withVanity(heroku, flags, `Fetching ${what}`, (target) => getVanityJson<T>(target, endpoint, params));
}

/** Finds the add-on's URL and starts a download, behind a spinner (on stderr) that stops once it has started. */
export async function fetchDownload(heroku: APIClient, flags: TargetFlags, endpoint: DownloadEndpoint, params: QueryParams): Promise<Response> {
  ux.action.start(`Exporting counts${flags.app ? ` of ${color.app(flags.app)}` : ''}`);
  try {
    const target = await resolveTarget(heroku, flags);
    const response = await getVanityDownload(target, endpoint, params);
    ux.action.stop();
    return response;
  } catch (error) {
    ux.action.stop('failed');
    throw error;
  }
}

/** The header's name: the app, or the add-on's own name when the URL came from the environment. */
export function titleName(target: VanityTarget, resourceName?: string | null): string {
  return target.app ?? resourceName ?? 'Vanity';
}
