import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadConfig, staleDrainHours } from '../src/config.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The variables named in the first column of the README's "Environment variables" table. */
function documentedVariables(): Set<string> {
  const section = /^## Environment variables\n([\s\S]*?)^## /m.exec(README)?.[1] ?? '';
  const firstCells = section.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('|')[1] ?? '');
  return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)));
}

/** Every variable the server's configuration reads, recorded by handing it an environment that notes each read. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  staleDrainHours(env);
  return [...read].sort();
}

describe('the README\'s table of environment variables', () => {
  it('has a row for every variable the server reads', () => {
    const documented = documentedVariables();
    const read = variablesRead();
    expect(read.length).to.be.greaterThan(30);
    expect(read.filter((name) => !documented.has(name))).to.deep.equal([]);
  });

  it('has the variables of the Platform API partnership (issue 12)', () => {
    const documented = documentedVariables();
    for (const name of ['HEROKU_ID_URL', 'HEROKU_API_URL', 'VANITY_OAUTH_CLIENT_SECRET', 'VANITY_ROTATION_OVERLAP_SECONDS', 'VANITY_PLATFORM_INTERVAL_SECONDS', 'VANITY_PLATFORM_RETRY_BASE_MS']) {
      expect(documented.has(name), name).to.equal(true);
    }
  });
});
