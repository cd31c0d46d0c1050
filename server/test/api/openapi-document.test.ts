import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { INTERVALS, MAX_LIMIT, TOP_DIMENSIONS } from '../../src/contract/input-rules.js';
import { OPENAPI_SPEC } from '../support/openapi-contract.js';

const OPENAPI = new URL('../../openapi.yaml', import.meta.url);

describe('server/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(readFileSync(OPENAPI, 'utf8'));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
  });

  it('describes the routes the API serves', () => {
    const text = readFileSync(OPENAPI, 'utf8');
    for (const path of ['/:', '/counts:', '/top:', '/releases:', '/alerts:', '/alerts/{id}:', '/openapi.yaml:']) expect(text).to.match(new RegExp(`^  ${path.replace('.', '\\.')}$`, 'm'));
  });

  interface ObjectSchema {
    type?: string;
    properties?: Record<string, unknown>;
    required?: string[];
    additionalProperties?: unknown;
  }
  const schemas = (OPENAPI_SPEC as unknown as { components: { schemas: Record<string, ObjectSchema & { enum?: string[] }> } }).components.schemas;

  /** Every object schema below `root` (inline or referenced once from it), with where it is. */
  const objectsIn = (root: string): Array<[string, ObjectSchema]> => {
    const found: Array<[string, ObjectSchema]> = [];
    const visit = (where: string, schema: unknown) => {
      if (typeof schema !== 'object' || schema === null) return;
      const ref = (schema as { $ref?: string }).$ref;
      if (ref?.startsWith('#/components/schemas/')) return visit(ref, schemas[ref.slice('#/components/schemas/'.length)]);
      if ((schema as ObjectSchema).properties) found.push([where, schema as ObjectSchema]);
      for (const [key, value] of Object.entries(schema)) visit(`${where}.${key}`, value);
    };
    visit(root, schemas[root]);
    return found;
  };

  it('allows no property an object does not list, so the API tests catch an undocumented field', () => {
    const objects = Object.keys(schemas).flatMap(objectsIn);
    expect(objects.length).to.be.greaterThan(10);
    for (const [where, object] of objects) expect(object.additionalProperties, where).to.equal(false);
  });

  it('lists every field of the reports as required: the server always sends them (what the plugin types are generated from)', () => {
    for (const report of ['Summary', 'Counts', 'Top', 'Releases']) {
      for (const [where, object] of objectsIn(report)) expect(object.required ?? [], where).to.have.members(Object.keys(object.properties!));
    }
  });

  it('names the values of by and interval and the bounds of limit as the server checks them', () => {
    expect(schemas.TopDimension!.enum).to.deep.equal([...TOP_DIMENSIONS]);
    expect(schemas.Interval!.enum).to.deep.equal([...INTERVALS]);
    const limit = (OPENAPI_SPEC as unknown as { components: { parameters: Record<string, { schema: Record<string, number> }> } }).components.parameters.limit!;
    expect(limit.schema).to.deep.include({ minimum: 1, maximum: MAX_LIMIT });
  });
});
