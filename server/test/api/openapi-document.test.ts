import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

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
    for (const path of ['/:', '/counts:', '/top:', '/alerts:', '/alerts/{id}:', '/openapi.yaml:']) expect(text).to.match(new RegExp(`^  ${path.replace('.', '\\.')}$`, 'm'));
  });
});
