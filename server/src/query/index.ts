export { countsReport, resourceSummary } from './counts-report.js';
export type { CountsReport, ResourceSummary, SeriesPoint, ServicePercentiles } from './counts-report.js';
export { topReport } from './top-report.js';
export type { TopItem, TopReport } from './top-report.js';
export { parseCountsParams, parseTopParams, TOP_DIMENSIONS } from './params.js';
export type { CountsParams, TopDimension, TopParams } from './params.js';
