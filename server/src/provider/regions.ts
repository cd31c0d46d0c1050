import { HttpError, shown } from '../http/json.js';

/** Heroku's region values for the manifest's regions (`us`, `eu`). */
const REGIONS: ReadonlyMap<string, string> = new Map([
  ['amazon-web-services::us-east-1', 'us'],
  ['amazon-web-services::eu-west-1', 'eu'],
  ['us', 'us'],
  ['eu', 'eu'],
]);

/** Returns our region name. A missing region is read leniently as `us` (older callers omit it). */
export function parseRegion(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') return 'us';
  const region = typeof raw === 'string' ? REGIONS.get(raw) : undefined;
  if (!region) {
    throw new HttpError(422, `region: ${shown(raw)} is not supported; Vanity runs in ${[...REGIONS.keys()].slice(0, 2).join(' and ')}`);
  }
  return region;
}
