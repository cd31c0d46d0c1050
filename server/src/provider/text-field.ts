import { HttpError, shown } from '../http/json.js';

/** Control characters (NUL included) and lone surrogates: no store keeps them the same way. */
const NOT_PLAIN_TEXT = /[\p{Cc}\p{Cs}]/u;

/** An optional string field of a provider request: absent, null or '' → null; anything else must be plain text. */
export function optionalText(field: string, value: unknown, maxLength: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new HttpError(422, `${field}: expected a string, got ${shown(value)}`);
  if (value.length > maxLength) throw new HttpError(422, `${field}: at most ${maxLength} characters, got ${value.length}`);
  if (NOT_PLAIN_TEXT.test(value)) throw new HttpError(422, `${field}: must not contain control characters or invalid Unicode`);
  return value;
}
