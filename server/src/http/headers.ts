import type { IncomingHttpHeaders } from 'node:http';

/** A request header as one string (what Express's `req.get` gives), or undefined when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
