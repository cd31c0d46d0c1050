import { ux } from '@oclif/core/ux';
import { expect } from 'chai';
import nock from 'nock';
import { isolateNetwork, restoreNetwork, stubPlatformApi, vanityAddon } from '../../support/platform-api.js';
import { run } from '../../support/run.js';

const VANITY_URL = 'https://0123-uuid:s3cret-key@vanity.test/api';
const BASIC = `Basic ${Buffer.from('0123-uuid:s3cret-key').toString('base64')}`;
const CSV = 'level,t,dim,key,n\r\nminute,2026-11-24T10:15:00Z,all,,12\r\nhour,2026-11-24T10:00:00Z,path,"/a,b",12\r\n';
const JSON_EXPORT = '{"resource":{"id":"0123-uuid"},"counts":[\n{"level":"minute","t":"2026-11-24T10:15:00Z","dim":"all","key":"","n":12}]}\n';

describe('heroku vanity:export (Platform API and Vanity faked with nock)', () => {
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  it('writes the JSON export to stdout byte for byte, with the add-on\'s own credential', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const vanity = nock('https://vanity.test', { reqheaders: { authorization: BASIC } })
      .get('/api/export')
      .reply(200, JSON_EXPORT, { 'content-type': 'application/json; charset=utf-8' });
    const { stdout, error } = await run(['vanity:export', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    expect(platform.isDone() && vanity.isDone()).to.equal(true);
    expect(stdout).to.equal(JSON_EXPORT);
  });

  it('--format csv --since 7d asks for export.csv from then on and writes it as it came', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const vanity = nock('https://vanity.test').get('/api/export.csv').query({ since: '7d' }).reply(200, CSV, { 'content-type': 'text/csv' });
    const { stdout, error } = await run(['vanity:export', '-a', 'myapp', '--format', 'csv', '--since', '7d']);
    expect(error).to.equal(undefined);
    expect(platform.isDone() && vanity.isDone()).to.equal(true);
    expect(stdout).to.equal(CSV);
  });

  it('says what went wrong, and writes nothing to stdout, when Vanity refuses', async () => {
    const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
    const vanity = nock('https://vanity.test').get('/api/export').query({ since: '2026-11-01' }).reply(400, { message: 'since: expected an ISO 8601 time' });
    const { stdout, error } = await run(['vanity:export', '-a', 'myapp', '--since', '2026-11-01']);
    expect(platform.isDone() && vanity.isDone()).to.equal(true);
    expect(error?.message).to.equal('Vanity: since: expected an ISO 8601 time');
    expect(stdout).to.equal('');
    expect(ux.action.running).to.equal(false);
  });

  it('rejects --format xml and --since tomorrow before any request', async () => {
    for (const [flag, value, message] of [
      ['--format', 'xml', 'Expected --format=xml to be one of: json, csv'],
      ['--since', 'tomorrow', 'Parsing --since \n\tExpected an ISO 8601 time'],
    ]) {
      const platform = stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL });
      const { error } = await run(['vanity:export', '-a', 'myapp', flag!, value!]);
      expect(error?.message).to.include(message);
      expect(platform.pendingMocks()).to.have.length(2);
      nock.cleanAll();
    }
  });
});
