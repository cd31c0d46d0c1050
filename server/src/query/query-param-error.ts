/**
 * A query parameter the caller got wrong. Transport-free: the HTTP layer answers it with 400 and
 * the message (which starts with the parameter's name), as JSON for the API and as a page for
 * the dashboard.
 */
export class QueryParamError extends Error {
  constructor(
    readonly param: string,
    detail: string,
  ) {
    super(`${param}: ${detail}`);
    this.name = 'QueryParamError';
  }
}
