/** Heroku's add-on `uuid`, which is our resource id: 8-4-4-4-12 hex digits. */
const RESOURCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const RESOURCE_ID_EXAMPLE = '01234567-89ab-cdef-0123-456789abcdef';

/**
 * Whether a value can name a resource at all. Checked before any lookup, so that NUL bytes,
 * slashes or megabytes of text from a URL or a credential never reach a database.
 */
export function isResourceId(value: unknown): value is string {
  return typeof value === 'string' && RESOURCE_ID.test(value);
}
