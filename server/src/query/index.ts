export { countsReport, resourceSummary } from './counts-report.js';
export type { Comparison, CountsReport, ResourceSummary, SeriesPoint, ServicePercentiles } from './counts-report.js';
export { topReport } from './top-report.js';
export type { TopItem, TopReport } from './top-report.js';
export { parseCountsParams, parseTopParams, TOP_DIMENSIONS } from './params.js';
export type { CountsParams, TopDimension, TopParams } from './params.js';
export { COMPARE_KINDS, parseCompare } from './compare.js';
export type { CompareKind } from './compare.js';
