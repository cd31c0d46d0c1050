import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'addon-manifest.json'), 'utf8')) as {
  id: string;
  api: { password: string };
};
const auth = `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString('base64')}`;

describe('the built server (npm start) with the manifest test credentials', () => {
  let server: SpawnedServer;
  before(async () => {
    server = await spawnServer({ VANITY_BASE_URL: 'https://vanity.test' });
  });
  after(async () => {
    await server.kill();
  });

  const call = (method: string, path: string, body?: object) =>
    fetch(`${server.url}/heroku/resources${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });

  it('runs the README round trip: provision, plan change, deprovision', async () => {
    const uuid = randomUUID();
    const created = await call('POST', '', { uuid, plan: 'hobby', region: 'amazon-web-services::us-east-1' });
    expect(created.status).to.equal(200);
    const body = (await created.json()) as { id: string; config: { VANITY_URL: string } };
    expect(body.id).to.equal(uuid);
    expect(body.config.VANITY_URL).to.match(new RegExp(`^https://${uuid}:[^@]+@vanity.test/api$`));
    expect((await call('PUT', `/${uuid}`, { plan: 'pro' })).status).to.equal(200);
    expect((await call('DELETE', `/${uuid}`)).status).to.equal(204);
    expect((await call('DELETE', `/${uuid}`)).status).to.equal(410);
  });

  it('logs one logfmt line per request, with the full path and without credentials', async () => {
    const uuid = randomUUID();
    await call('POST', '?token=secret-looking', { uuid, plan: 'hobby' });
    await call('PUT', `/${uuid}`, { plan: 'pro' });
    // The child writes its log line as the response finishes; the pipe may deliver it a little later.
    await server.waitForOutput(`/${uuid} status=`);
    const lines = server.output().split('\n');
    const logged = (pattern: RegExp) => lines.some((line) => pattern.test(line));
    expect(logged(/^at=info msg=request method=POST path=\/heroku\/resources status=200 duration_ms=\S+ /), server.output()).to.equal(true);
    expect(logged(new RegExp(`^at=info msg=request method=PUT path=/heroku/resources/${uuid} status=200 `)), server.output()).to.equal(true);
    expect(server.output()).not.to.include('secret-looking');
    expect(server.output()).not.to.include(manifest.api.password);
    expect(server.output()).not.to.include(auth.slice(6));
  });
});
