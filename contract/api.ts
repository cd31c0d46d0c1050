/**
 * The developer API's bodies as server and plugin name them, from the types generated out of
 * server/openapi.yaml (`vanity-api.ts`, `npm run generate:api-types`). Change the spec, never these.
 */
import type { COMPARE_KINDS, INTERVALS, TOP_DIMENSIONS } from './input-rules.js';
import type { components } from './vanity-api.js';

type Schemas = components['schemas'];

export type ApiError = Schemas['Error'];
export type ResourceSummary = Schemas['Resource'];
export type Summary = Schemas['Summary'];
export type CountsReport = Schemas['Counts'];
export type Comparison = Schemas['Comparison'];
export type CompareKind = Comparison['kind'];
export type RecentCounts = Schemas['RecentCounts'];
export type StatusClassCounts = Schemas['StatusClassCounts'];
export type ServicePercentiles = Schemas['ServicePercentiles'];
export type SeriesPoint = Schemas['SeriesPoint'];
export type TopReport = Schemas['Top'];
export type TopItem = Schemas['TopItem'];
export type Milestone = Schemas['Milestone'];
export type Release = Schemas['Release'];
export type Releases = Schemas['Releases'];
export type ReleaseScore = Schemas['ReleaseScore'];
export type ReleaseWindow = Schemas['ReleaseWindow'];
export type ReleaseTracking = Releases['tracking'];
export type Interval = Schemas['Interval'];
export type TopDimension = Schemas['TopDimension'];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the rules' lists and the spec's enums differ. */
export const RULES_MATCH_SPEC: [
  Same<Interval, (typeof INTERVALS)[number]>,
  Same<TopDimension, (typeof TOP_DIMENSIONS)[number]>,
  Same<CompareKind, (typeof COMPARE_KINDS)[number]>,
] = [true, true, true];
