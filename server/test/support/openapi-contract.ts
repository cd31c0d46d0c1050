import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * `server/openapi.yaml` as the contract of every developer API answer the tests receive:
 * `apiFetch` (api-client.ts) passes each response through `assertAnswerMatchesSpec`, so a route
 * or field that is not in the spec fails the test that meets it.
 */

const SPEC_FILE = new URL('../../openapi.yaml', import.meta.url);
/** Where the spec's `servers` are mounted on our host. */
const API_PREFIX = '/api';

interface SpecResponse {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface SpecOperation {
  responses: Record<string, SpecResponse>;
}
interface Spec {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { responses?: Record<string, SpecResponse> };
}

export const OPENAPI_SPEC = parse(readFileSync(SPEC_FILE, 'utf8')) as Spec;

// ajv-formats is CommonJS with its function as the default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
// strict: false lets OpenAPI's own keywords (example, discriminator…) stand beside JSON Schema.
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(OPENAPI_SPEC, 'openapi');

const pointer = (...segments: string[]) => segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

interface Route {
  template: string;
  pattern: RegExp;
}
const ROUTES: Route[] = Object.keys(OPENAPI_SPEC.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

function routeFor(path: string): Route | undefined {
  return ROUTES.find((route) => route.pattern.test(path));
}

interface Expected {
  /** Media types the spec documents for this answer; none means no body. */
  mediaTypes: string[];
  /** JSON pointer (into the spec) of the JSON body's schema, if it has one. */
  schemaAt: string | undefined;
}

const ERROR_SCHEMA = `/${pointer('components', 'schemas', 'Error')}`;

/** The spec's answer for a status, following `$ref: '#/components/responses/…'`. */
function documentedAnswer(operation: SpecOperation, operationAt: string, status: number): Expected | undefined {
  const key = String(status) in operation.responses ? String(status) : `${String(status)[0]}XX`;
  let response = operation.responses[key];
  let at = `${operationAt}/${pointer('responses', key)}`;
  if (response?.$ref) {
    const name = response.$ref.replace('#/components/responses/', '');
    response = OPENAPI_SPEC.components.responses?.[name];
    at = `/${pointer('components', 'responses', name)}`;
  }
  if (!response) return undefined;
  const content = response.content ?? {};
  const json = content['application/json'];
  return {
    mediaTypes: Object.keys(content),
    schemaAt: json?.schema === undefined ? undefined : `${at}/${pointer('content', 'application/json', 'schema')}`,
  };
}

function schemaValidator(at: string): ValidateFunction {
  const validate = ajv.getSchema(`openapi#${at}`);
  if (!validate) throw new Error(`no schema at ${at} in server/openapi.yaml`);
  return validate;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

export interface ApiAnswerToCheck {
  method: string;
  /** The URL path as requested, e.g. `/api/counts`. */
  path: string;
  status: number;
  contentType: string | null;
  text: string;
}

/**
 * Throws unless the answer is what server/openapi.yaml says: a documented route and status, the
 * documented media type, and a JSON body valid against the documented schema. 5xx are not
 * checked (they are failures of their own); a 4xx on a path the spec does not know (404 for a
 * typo, 401 before auth) must still be the API's error object.
 */
export function assertAnswerMatchesSpec(answer: ApiAnswerToCheck): void {
  const { method, status } = answer;
  if (status >= 500) return;
  const where = `${method} ${answer.path} → ${status}`;
  if (!answer.path.startsWith(API_PREFIX)) throw new Error(`${where}: not a developer API path (${API_PREFIX}…)`);
  const path = answer.path.slice(API_PREFIX.length) || '/';
  const route = routeFor(path);
  const operation = route && OPENAPI_SPEC.paths[route.template]?.[method.toLowerCase()];
  let expected: Expected | undefined;
  if (route && operation) {
    expected = documentedAnswer(operation, `/${pointer('paths', route.template, method.toLowerCase())}`, status);
    if (!expected) throw new Error(`${where}: status ${status} is not documented for ${method} ${route.template} in server/openapi.yaml`);
  } else if (status >= 400) {
    expected = { mediaTypes: ['application/json'], schemaAt: ERROR_SCHEMA };
  } else {
    throw new Error(`${where}: ${method} ${path} is not in server/openapi.yaml; every API route must be documented there`);
  }
  const mediaType = (answer.contentType ?? '').split(';')[0]!.trim();
  if (expected.mediaTypes.length === 0) {
    if (answer.text !== '') throw new Error(`${where}: the spec documents no body, got ${JSON.stringify(answer.text.slice(0, 200))}`);
    return;
  }
  if (!expected.mediaTypes.includes(mediaType)) {
    throw new Error(`${where}: content-type ${mediaType || '(none)'}, the spec says ${expected.mediaTypes.join(' or ')}`);
  }
  if (mediaType !== 'application/json' || expected.schemaAt === undefined) return;
  const validate = schemaValidator(expected.schemaAt);
  const body: unknown = JSON.parse(answer.text);
  if (!validate(body)) {
    throw new Error(
      `${where}: body does not match server/openapi.yaml (${expected.schemaAt}):\n${describeErrors(validate.errors)}\nbody: ${answer.text.slice(0, 2000)}`,
    );
  }
}
