import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { isolateNetwork, restoreNetwork } from '../support/platform-api.js';
import { countsReport, topReport } from '../support/reports.js';
import { run } from '../support/run.js';

interface InputCase {
  param: 'since' | 'until' | 'tz' | 'interval' | 'by' | 'limit';
  value: string;
  verdict: 'ok' | 'bad';
  canonical?: string;
}

/** The table the server's suite runs against the real API (server/test/contract/input-cases.test.ts). */
const INPUT_CASES = (JSON.parse(readFileSync(new URL('../../../contract/input-cases.json', import.meta.url), 'utf8')) as { cases: InputCase[] }).cases;

describe('the flags take the inputs of contract/input-cases.json as the API does', () => {
  beforeEach(() => {
    isolateNetwork();
    process.env.VANITY_URL = 'https://0123-uuid:s3cret-key@vanity.test/api';
  });
  afterEach(restoreNetwork);

  for (const input of INPUT_CASES) {
    it(`${input.verdict === 'ok' ? 'accepts' : 'refuses'} --${input.param} ${JSON.stringify(input.value)}`, async () => {
      const top = input.param === 'by' || input.param === 'limit';
      let sent: Record<string, string> | undefined;
      const vanity = nock('https://vanity.test')
        .get(`/api/${top ? 'top' : 'counts'}`)
        .query((query) => {
          sent = query as Record<string, string>;
          return true;
        })
        .reply(200, top ? topReport() : countsReport());
      // run() splits its words again; the quotes keep a value with a space in one.
      const { error } = await run([top ? 'vanity:top' : 'vanity:counts', `--${input.param}="${input.value}"`, '--json']);
      const refused = error !== undefined && (error.message.includes(`Parsing --${input.param}`) || error.message.includes(`Expected --${input.param}=`));
      expect(refused ? 'bad' : 'ok', error?.message).to.equal(input.verdict);
      expect(vanity.isDone(), 'a refused flag sends no request, an accepted one does').to.equal(!refused);
      if (input.verdict === 'ok') expect(sent?.[input.param]).to.equal(input.canonical ?? input.value);
    });
  }
});
