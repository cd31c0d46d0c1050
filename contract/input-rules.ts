/**
 * The one set of rules for the developer API's query parameters, compiled into both the server
 * (`server/src/contract`) and the CLI plugin (`plugin/src/contract`), so a value the plugin
 * accepts is one the server accepts. No imports: the plugin must not pull in server code.
 */

export const INTERVALS = ['minute', 'hour', 'day'] as const;
export const TOP_DIMENSIONS = ['path', 'status', 'method', 'dyno', 'code'] as const;
export const DEFAULT_TOP_DIMENSION = 'path';
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
