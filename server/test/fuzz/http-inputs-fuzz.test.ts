import { expect } from 'chai';
import fc from 'fast-check';
import { provision, provisionBody } from '../support/provider-client.js';
import type { Provisioned } from '../support/provider-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { FUZZ_SEED } from './fuzz-targets.js';

/** Cases per input surface in `npm test`. */
const CASES = Number(process.env.HTTP_FUZZ_CASES ?? 300);

/** Hostile strings: NUL, lone surrogates, control characters, `%` escapes, prototype names, long runs. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '\u0000', '%00', '%', '%E0%A4%A', '\ud800', '../..', 'a/b', '+99:00', 'x'.repeat(5000)),
  fc.stringMatching(/^[0-9a-f-]{0,40}$/),
);
const jsonValue = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 }), fc.dictionary(hostileString, hostileString, { maxKeys: 3 }));
const provisionField = fc.constantFrom('uuid', 'name', 'plan', 'region', 'options', 'log_drain_token', 'callback_url', 'oauth_grant', 'log_input_url');

async function expectJsonError(res: Response, what: string): Promise<void> {
  expect(res.status, what).to.be.lessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), what).to.match(/json/);
    expect(await res.json(), what).to.have.property('message').that.is.a('string');
  }
}

/** `encodeURIComponent` throws on lone surrogates: such a string is sent as its raw UTF-16 code units' escapes. */
function pathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((c) => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`).join('');
  }
}

describe('provider and developer API fuzz (fast-check, fixed seed): hostile input never answers 5xx', () => {
  let server: TestServer;
  let resource: Provisioned;
  before(async () => {
    server = await startTestServer({}, { log: () => undefined });
    resource = await provision(server);
  });
  after(() => server.stop());

  it(`provision: ${CASES} bodies with hostile fields answer 2xx or a 4xx JSON message`, async function () {
    this.timeout(300_000);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(provisionField, jsonValue, { maxKeys: 5 }), async (overrides) => {
        const body = JSON.stringify(provisionBody(overrides));
        const res = await fetch(`${server.url}/heroku/resources`, {
          method: 'POST',
          headers: { authorization: server.providerAuth, 'content-type': 'application/json' },
          body,
        });
        await expectJsonError(res, body.slice(0, 200));
      }),
      { numRuns: CASES, seed: FUZZ_SEED },
    );
  });

  it(`provider paths, plan changes and basic-auth users: ${CASES} hostile cases answer a 4xx JSON message`, async function () {
    this.timeout(300_000);
    await fc.assert(
      fc.asyncProperty(hostileString, jsonValue, hostileString, async (id, plan, user) => {
        const path = `${server.url}/heroku/resources/${pathSegment(id)}`;
        const put = await fetch(path, { method: 'PUT', headers: { authorization: server.providerAuth, 'content-type': 'application/json' }, body: JSON.stringify({ plan }) });
        await expectJsonError(put, `PUT ${id}`);
        const del = await fetch(path, { method: 'DELETE', headers: { authorization: server.providerAuth } });
        await expectJsonError(del, `DELETE ${id}`);
        const auth = `Basic ${Buffer.from(`${user}:x`, 'utf8').toString('base64')}`;
        const unauthorized = await fetch(`${server.url}/heroku/resources`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: '{}' });
        expect(unauthorized.status).to.equal(401);
      }),
      { numRuns: CASES, seed: FUZZ_SEED },
    );
  });

  it(`developer API: ${CASES} hostile query parameters and credentials answer 200 or a 4xx JSON message`, async function () {
    this.timeout(300_000);
    const url = new URL(resource.vanityUrl);
    const good = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    const param = fc.constantFrom('since', 'until', 'tz', 'interval', 'by', 'limit', 'compare', 'constructor');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('counts', 'top', 'counts.csv', 'top.csv', ''), fc.dictionary(param, hostileString, { maxKeys: 4 }), hostileString, async (endpoint, query, user) => {
        const search = new URLSearchParams();
        for (const [name, value] of Object.entries(query)) search.set(name, value.replace(/[\ud800-\udfff]/g, '\ufffd'));
        const target = `${server.url}/api/${endpoint}?${search}`;
        await expectJsonError(await fetch(target, { headers: { authorization: good } }), target.slice(0, 200));
        const forged = `Basic ${Buffer.from(`${user}:${url.password}`, 'utf8').toString('base64')}`;
        expect((await fetch(target, { headers: { authorization: forged } })).status).to.equal(401);
      }),
      { numRuns: CASES, seed: FUZZ_SEED },
    );
  });
});
