import { expect } from 'chai';
import { provisionBody, providerFetch } from '../support/provider-client.js';
import { expectJsonError } from '../support/json-error.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('provider API: hostile input gets a 4xx JSON answer, never a 500', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('reads regions and plans from own entries only: __proto__, constructor, toString → 422', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      await expectJsonError(await providerFetch(server, 'POST', '', provisionBody({ region: name })), 422, 'region:', `region ${name}`);
      await expectJsonError(await providerFetch(server, 'POST', '', provisionBody({ plan: name })), 422, 'plan:', `plan ${name}`);
      const created = await providerFetch(server, 'POST', '', provisionBody());
      expect(created.status).to.equal(200);
      const { id } = (await created.json()) as { id: string };
      await expectJsonError(await providerFetch(server, 'PUT', `/${id}`, { plan: name }), 422, 'plan:', `PUT plan ${name}`);
    }
    expect((await server.store.listResources()).map((r) => r.region)).to.deep.equal(['us', 'us', 'us', 'us', 'us']);
  });

  it('requires uuid to be a UUID string: missing, a number, an object, "a/b", NUL → 422 and nothing created', async () => {
    for (const uuid of [undefined, null, '', 42, { id: 'x' }, ['01234567-89ab-cdef-0123-456789abcdef'], 'a/b', 'not-a-uuid', '01234567-89ab-cdef-0123-456789abcdef\u0000', '../../etc/passwd']) {
      const body = provisionBody();
      if (uuid === undefined) delete body.uuid;
      else body.uuid = uuid;
      await expectJsonError(await providerFetch(server, 'POST', '', body), 422, 'uuid:', JSON.stringify(uuid));
    }
    expect(await server.store.listResources()).to.deep.equal([]);
  });

  it('refuses NUL, other control characters and lone surrogates in name and log_drain_token with 422 naming the field', async () => {
    for (const [field, value] of [
      ['name', 'acme\u0000vanity'],
      ['name', 'acme\u0007'],
      ['name', 'acme\ud800'],
      ['name', 42],
      ['name', 'x'.repeat(257)],
      ['log_drain_token', 'd.\u0000'],
      ['log_drain_token', 'd. spaced'],
      ['log_drain_token', 'd.é'],
      ['log_drain_token', { token: 'd.x' }],
    ] as const) {
      await expectJsonError(await providerFetch(server, 'POST', '', provisionBody({ [field]: value })), 422, `${field}:`, `${field} ${JSON.stringify(value)}`);
    }
    expect(await server.store.listResources()).to.deep.equal([]);
    // Valid UTF-8 beyond ASCII is a name like any other.
    expect((await providerFetch(server, 'POST', '', provisionBody({ name: 'café-vanity-😀' }))).status).to.equal(200);
  });

  it('answers a NUL or malformed id on PUT and DELETE like an unknown one (404, 410)', async () => {
    for (const id of ['%00', 'a%2Fb', 'not-a-uuid', '01234567-89ab-cdef-0123-456789abcdef%00']) {
      await expectJsonError(await providerFetch(server, 'PUT', `/${id}`, { plan: 'pro' }), 404, 'id:', `PUT ${id}`);
      await expectJsonError(await providerFetch(server, 'DELETE', `/${id}`), 410, 'id:', `DELETE ${id}`);
    }
  });

  it('answers JSON for URL-decoding errors on every method', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'POST', 'PATCH']) {
      for (const id of ['%', '%E0%A4%A', '%C0%AF', '%ZZ']) {
        await expectJsonError(await providerFetch(server, method, `/${id}`, method === 'GET' ? undefined : { plan: 'pro' }), 400, 'path:', `${method} ${id}`);
      }
    }
  });

  it('answers 401 JSON for a NUL or an invalid UTF-8 basic-auth user, before reading the body', async () => {
    const invalidUtf8 = `Basic ${Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(':x')]).toString('base64')}`;
    for (const auth of [basic('vanity\u0000', server.config.addonPassword), basic('\u0000', '\u0000'), invalidUtf8, 'Basic %%%', 'Basic '])
      await expectJsonError(await providerFetch(server, 'POST', '', provisionBody(), auth), 401, 'invalid provider credentials', auth);
  });

  it('answers a body that is JSON but not an object with 400 JSON', async () => {
    for (const body of ['[]', '"uuid"', '42', 'null', 'true']) {
      await expectJsonError(await providerFetch(server, 'POST', '', body), 400, 'request body must be a JSON object', body);
    }
  });
});
