import { expect } from 'chai';
import { assertAnswerMatchesSpec } from '../support/openapi-contract.js';
import type { ApiAnswerToCheck } from '../support/openapi-contract.js';

const top = { by: 'path', tz: 'UTC', since: '2026-11-23T00:00:00+00:00', until: '2026-11-24T00:00:00+00:00', sum: 3, items: [{ key: '/', count: 3 }], other: 0, approximate: false };
const answer = (overrides: Partial<ApiAnswerToCheck> & { body?: unknown }): ApiAnswerToCheck => ({
  method: 'GET',
  path: '/api/top',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  text: JSON.stringify(overrides.body ?? top),
  ...overrides,
});

describe('the API tests check every answer against server/openapi.yaml', () => {
  it('passes an answer the spec describes', () => {
    expect(() => assertAnswerMatchesSpec(answer({}))).not.to.throw();
    expect(() => assertAnswerMatchesSpec(answer({ status: 400, body: { message: 'by: expected one of path' } }))).not.to.throw();
    expect(() => assertAnswerMatchesSpec(answer({ path: '/api/openapi.yaml', contentType: 'application/yaml', text: 'openapi: 3.1.0' }))).not.to.throw();
  });

  it('fails a body with a field missing, a field too many, or a value outside its enum', () => {
    const { approximate: _, ...withoutApproximate } = top;
    for (const body of [withoutApproximate, { ...top, extra: 1 }, { ...top, by: 'ip' }, { ...top, items: [{ key: '/' }] }]) {
      expect(() => assertAnswerMatchesSpec(answer({ body })), JSON.stringify(body)).to.throw(/body does not match server\/openapi\.yaml/);
    }
  });

  it('fails a route or a status the spec does not document, and a wrong media type', () => {
    expect(() => assertAnswerMatchesSpec(answer({ path: '/api/exports' }))).to.throw(/GET \/exports is not in server\/openapi\.yaml/);
    expect(() => assertAnswerMatchesSpec(answer({ method: 'POST' }))).to.throw(/not in server\/openapi\.yaml/);
    expect(() => assertAnswerMatchesSpec(answer({ status: 404, body: { message: 'x' } }))).to.throw(/status 404 is not documented for GET \/top/);
    expect(() => assertAnswerMatchesSpec(answer({ contentType: 'text/html' }))).to.throw(/content-type text\/html, the spec says application\/json/);
  });

  it('holds a 4xx of a path the spec does not know to the error object', () => {
    expect(() => assertAnswerMatchesSpec(answer({ path: '/api/nothing', status: 404, body: { message: 'no route' } }))).not.to.throw();
    expect(() => assertAnswerMatchesSpec(answer({ path: '/api/nothing', status: 404, body: { error: 'no route' } }))).to.throw(/body does not match/);
  });
});
