export { countsReport, resourceSummary } from './counts-report.js';
export type { RangeCounts } from './counts-report.js';
export type { CountsReport, ResourceSummary, SeriesPoint, ServicePercentiles, TopItem, TopReport } from '../contract/api.js';
export { topReport } from './top-report.js';
export { parseCountsParams, parseTopParams } from './params.js';
export { TOP_DIMENSIONS } from '../contract/input-rules.js';
export type { CountsParams, TopParams } from './params.js';
export type { TopDimension } from '../contract/api.js';
