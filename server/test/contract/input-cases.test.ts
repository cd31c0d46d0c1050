import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { sharedApiFixture } from '../support/api-fixture.js';

interface InputCase {
  param: 'since' | 'until' | 'tz' | 'interval' | 'by' | 'limit';
  value: string;
  verdict: 'ok' | 'bad';
  canonical?: string;
}

/** The table the plugin's suite runs too (plugin/test/contract/input-cases.test.ts). */
export const INPUT_CASES = (JSON.parse(readFileSync(new URL('../../../contract/input-cases.json', import.meta.url), 'utf8')) as { cases: InputCase[] }).cases;

/** A request that isolates one parameter; the others are set so that they are valid. */
function pathFor({ param, value }: InputCase): string {
  const v = encodeURIComponent(value);
  switch (param) {
    case 'since':
      return `/counts?since=${v}&interval=day`;
    case 'until':
      return `/counts?since=2026-11-01T00:00:00Z&until=${v}&interval=day`;
    case 'tz':
      return `/counts?tz=${v}`;
    case 'interval':
      return `/counts?since=1d&interval=${v}`;
    case 'by':
      return `/top?by=${v}`;
    case 'limit':
      return `/top?limit=${v}`;
  }
}

describe('the API takes the inputs of contract/input-cases.json as the plugin does', () => {
  const api = sharedApiFixture('2026-11-24T12:34:56Z');

  for (const input of INPUT_CASES) {
    it(`${input.verdict === 'ok' ? 'accepts' : 'refuses'} ${input.param}=${JSON.stringify(input.value)}`, async () => {
      const answer = await api.fx.get<{ message?: string; tz?: string }>(api.url, pathFor(input));
      const refused = answer.status === 400 && answer.body.message!.startsWith(`${input.param}: `);
      expect(refused ? 'bad' : 'ok', JSON.stringify(answer.body).slice(0, 300)).to.equal(input.verdict);
      if (input.verdict === 'ok') expect(answer.status).to.equal(200);
      if (input.param === 'tz') expect(answer.body.tz).to.equal(input.canonical);
    });
  }
});
