import { expect } from 'chai';
import { provision, provisionBody, providerFetch } from '../support/provider-client.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('provider API', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  describe('authentication', () => {
    for (const [label, auth] of [
      ['missing', ''],
      ['wrong password', basic('vanity', 'nope')],
      ['wrong user', basic('other', 'dev-only-password-0b9e3c1f5a7d2e48')],
      ['not basic', 'Bearer abc'],
    ] as const) {
      it(`answers 401 JSON for ${label} credentials on POST, PUT and DELETE`, async () => {
        for (const [method, path] of [['POST', ''], ['PUT', '/x'], ['DELETE', '/x']] as const) {
          const res = await providerFetch(server, method, path, { plan: 'hobby' }, auth);
          expect(res.status, `${method} ${path}`).to.equal(401);
          expect(res.headers.get('content-type')).to.match(/^application\/json/);
          expect(await res.json()).to.have.property('message').that.is.a('string');
        }
      });
    }

    it('checks credentials before parsing the body', async () => {
      const res = await providerFetch(server, 'POST', '', '{not json', basic('vanity', 'nope'));
      expect(res.status).to.equal(401);
    });
  });

  describe('provision', () => {
    it('answers 200 with id, VANITY_URL, message and a drain URL, both carrying credentials', async () => {
      const body = provisionBody();
      const res = await providerFetch(server, 'POST', '', body);
      expect(res.status).to.equal(200);
      const json = (await res.json()) as Record<string, unknown> & { config: Record<string, string> };
      expect(json.id).to.equal(body.uuid);
      expect(Object.keys(json.config)).to.deep.equal(['VANITY_URL']);
      const vanity = new URL(json.config.VANITY_URL as string);
      expect(vanity.username).to.equal(body.uuid);
      expect(vanity.password).to.have.length.greaterThan(30);
      const drain = new URL(json.log_drain_url as string);
      expect(drain.password).to.have.length.greaterThan(30);
      expect(drain.password).not.to.equal(vanity.password);
      expect(drain.pathname).to.equal(`/logs/${body.uuid}`);
      expect(json.message).to.be.a('string');
    });

    it('accepts the legacy fields and unknown fields', async () => {
      const res = await providerFetch(
        server,
        'POST',
        '',
        provisionBody({
          heroku_id: 'app123@heroku.com',
          logplex_token: null,
          log_drain_token: '0123456789abcdef0123456789abcdef',
          something_new: { nested: true },
        }),
      );
      expect(res.status).to.equal(200);
    });

    it('accepts a body with no content type', async () => {
      const res = await fetch(`${server.url}/heroku/resources`, {
        method: 'POST',
        headers: { authorization: server.providerAuth },
        body: JSON.stringify(provisionBody()),
      });
      expect(res.status).to.equal(200);
    });

    it('is idempotent on uuid: a retry returns the same id and config', async () => {
      const body = provisionBody();
      const first = await (await providerFetch(server, 'POST', '', body)).json();
      const second = await (await providerFetch(server, 'POST', '', body)).json();
      expect(second).to.deep.equal(first);
    });

    it('creates one resource under two concurrent POSTs with the same uuid', async () => {
      const body = provisionBody();
      const [a, b] = await Promise.all([providerFetch(server, 'POST', '', body), providerFetch(server, 'POST', '', body)]);
      expect([a.status, b.status]).to.deep.equal([200, 200]);
      expect(await a.json()).to.deep.equal(await b.json());
      expect(await server.store.listResources()).to.have.length(1);
    });

    it('refuses an unknown plan with 422 naming the plans', async () => {
      const res = await providerFetch(server, 'POST', '', provisionBody({ plan: 'platinum' }));
      expect(res.status).to.equal(422);
      const { message } = (await res.json()) as { message: string };
      expect(message).to.include('platinum').and.to.include('hobby');
    });

    it('accepts the manifest regions in Heroku form and refuses others with 422', async () => {
      expect((await providerFetch(server, 'POST', '', provisionBody({ region: 'amazon-web-services::eu-west-1' }))).status).to.equal(200);
      const res = await providerFetch(server, 'POST', '', provisionBody({ region: 'amazon-web-services::ap-northeast-1' }));
      expect(res.status).to.equal(422);
      expect(((await res.json()) as { message: string }).message).to.include('ap-northeast-1');
    });

    it('keeps a good timezone option in its canonical IANA spelling', async () => {
      const stored = async (timezone: string) => {
        const res = await providerFetch(server, 'POST', '', provisionBody({ options: { timezone } }));
        expect(res.status, timezone).to.equal(200);
        const { id } = (await res.json()) as { id: string };
        return (await server.store.getResource(id))?.options.timezone;
      };
      expect(await stored('Europe/Berlin')).to.equal('Europe/Berlin');
      expect(await stored('europe/berlin')).to.equal('Europe/Berlin');
      // The name is kept as IANA spells it, not ICU's legacy alias (Asia/Calcutta).
      expect(await stored('Asia/Kolkata')).to.equal('Asia/Kolkata');
      expect(await stored('asia/kolkata')).to.equal('Asia/Kolkata');
      expect(await stored('US/Pacific')).to.equal('America/Los_Angeles');
    });

    it('ignores unknown options and names them in the message, as Heroku advises', async () => {
      const res = await providerFetch(server, 'POST', '', provisionBody({ options: { colour: 'red', verbose: 'true', timezone: 'Asia/Tokyo' } }));
      expect(res.status).to.equal(200);
      const { id, message } = (await res.json()) as { id: string; message: string };
      expect(message).to.match(/ Ignored unknown options --colour, --verbose \(accepted options: --timezone=<IANA time zone, e\.g\. Europe\/Berlin> \(default UTC\)\)\.$/);
      expect((await server.store.getResource(id))?.options).to.deep.equal({ timezone: 'Asia/Tokyo' });
      const plain = (await (await providerFetch(server, 'POST', '', provisionBody())).json()) as { message: string };
      expect(plain.message).not.to.include('Ignored');
    });

    it('refuses a bad value of a known option with 422 naming the option, a valueless --timezone included', async () => {
      for (const [timezone, detail] of [
        ['Mars/Olympus', '--timezone=Mars/Olympus is not an IANA time zone name'],
        ['true', '--timezone needs a value, e.g. --timezone=Europe/Berlin'],
        [5, '--timezone=5 must be a string'],
      ] as const) {
        const res = await providerFetch(server, 'POST', '', provisionBody({ options: { timezone } }));
        expect(res.status, String(timezone)).to.equal(422);
        const { message } = (await res.json()) as { message: string };
        expect(message.startsWith(`timezone: ${detail}`), message).to.equal(true);
        expect(message).to.include('accepted options: --timezone=');
      }
    });

    it('answers 400 JSON for a malformed body', async () => {
      const res = await providerFetch(server, 'POST', '', '{"uuid": ');
      expect(res.status).to.equal(400);
      expect(await res.json()).to.deep.equal({ message: 'request body is not valid JSON' });
    });

    it('stores only hashes of the per-resource credentials', async () => {
      const { vanityUrl, logDrainUrl } = await provision(server);
      const apiKey = new URL(vanityUrl).password;
      const drainKey = new URL(logDrainUrl).password;
      const dump = JSON.stringify(await server.database.dump('resources'));
      expect(dump).not.to.include(apiKey);
      expect(dump).not.to.include(drainKey);
    });
  });

  describe('plan change', () => {
    it('changes the plan, is a no-op for the same plan, 404 for unknown, 422 for an unknown plan', async () => {
      const { id } = await provision(server);
      const changed = await providerFetch(server, 'PUT', `/${id}`, { plan: 'pro', heroku_id: 'app123@heroku.com' });
      expect(changed.status).to.equal(200);
      expect(await changed.json()).to.have.property('message');
      expect((await server.store.getResource(id))?.plan).to.equal('pro');

      const again = await providerFetch(server, 'PUT', `/${id}`, { plan: 'pro' });
      expect(again.status).to.equal(200);
      expect(((await again.json()) as { message: string }).message).to.include('already');

      expect((await providerFetch(server, 'PUT', '/00000000-0000-0000-0000-000000000000', { plan: 'pro' })).status).to.equal(404);
      const bad = await providerFetch(server, 'PUT', `/${id}`, { plan: 'gold' });
      expect(bad.status).to.equal(422);
      expect((await server.store.getResource(id))?.plan).to.equal('pro');
    });
  });

  describe('deprovision', () => {
    it('answers 204, then 410, and 401 for wrong credentials even after deletion', async () => {
      const { id } = await provision(server);
      const first = await providerFetch(server, 'DELETE', `/${id}`);
      expect(first.status).to.equal(204);
      const again = await providerFetch(server, 'DELETE', `/${id}`);
      expect(again.status).to.equal(410);
      expect(await again.json()).to.have.property('message');
      expect((await providerFetch(server, 'DELETE', `/${id}`, undefined, basic('vanity', 'wrong'))).status).to.equal(401);
      expect((await providerFetch(server, 'PUT', `/${id}`, { plan: 'pro' }, basic('vanity', 'wrong'))).status).to.equal(401);
      expect((await providerFetch(server, 'DELETE', '/never-existed')).status).to.equal(410);
    });

    it('purges all of the resource data: provision, count, plan change, deprovision, nothing left', async () => {
      const { id } = await provision(server);
      const resource = await server.store.getResource(id);
      if (!resource) throw new Error('not provisioned');
      await server.store.commitBatches([
        {
          resourceSeq: resource.seq,
          frameId: 'F1',
          deltas: [{ level: 'minute', bucket: 1_700_000_040, dim: 'all', key: '', n: 3 }],
          totals: { requests: 3, lostLines: 0, parseErrors: 0 },
        },
      ]);
      expect((await server.store.readTotals(resource.seq)).requests).to.equal(3);
      expect((await providerFetch(server, 'PUT', `/${id}`, { plan: 'pro' })).status).to.equal(200);
      expect((await providerFetch(server, 'DELETE', `/${id}`)).status).to.equal(204);

      for (const table of ['counts', 'totals', 'frames']) {
        expect(await server.database.dump(table), table).to.deep.equal([]);
      }
      const tomb = (await server.database.dump('resources')).find((row) => row.id === id);
      expect(tomb?.api_key_hash).to.equal(null);
      expect(tomb?.name).to.equal(null);
      expect(await server.store.getResource(id)).to.equal(null);
      // A retried provision of a deleted uuid does not bring it back.
      expect((await providerFetch(server, 'POST', '', provisionBody({ uuid: id }))).status).to.equal(422);
    });
  });

  describe('responses', () => {
    it('escapes non-ASCII characters so the body is pure ASCII JSON', async () => {
      const res = await providerFetch(server, 'POST', '', provisionBody({ plan: 'café-plan' }));
      expect(res.status).to.equal(422);
      const raw = Buffer.from(await res.arrayBuffer());
      expect([...raw].every((byte) => byte < 0x80)).to.equal(true);
      expect(raw.toString('latin1')).to.include('caf\\u00e9');
      expect((JSON.parse(raw.toString('utf8')) as { message: string }).message).to.include('café-plan');
    });

    it('answers unknown routes with 404 JSON', async () => {
      const res = await fetch(`${server.url}/nope`);
      expect(res.status).to.equal(404);
      expect(await res.json()).to.have.property('message');
    });
  });
});

describe('provider API in maintenance', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ VANITY_MAINTENANCE: 'Vanity is upgrading its database; try again in 10 minutes' });
  });
  after(async () => {
    await server.stop();
  });

  it('answers 503 with the message on provision and plan change, still deprovisions', async () => {
    const res = await providerFetch(server, 'POST', '', provisionBody());
    expect(res.status).to.equal(503);
    expect(await res.json()).to.deep.equal({ message: 'Vanity is upgrading its database; try again in 10 minutes' });
    expect((await providerFetch(server, 'PUT', '/x', { plan: 'pro' })).status).to.equal(503);
    expect((await providerFetch(server, 'DELETE', '/x')).status).to.equal(410);
  });
});
