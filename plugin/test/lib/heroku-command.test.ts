import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostCopy, satisfiesCaret } from '../../src/lib/heroku-command.js';

describe('the heroku CLI\'s own @heroku-cli/command', () => {
  let cliRoot: string;
  const entry = () => join(cliRoot, 'bin/run.js');

  /** A CLI install shaped like the npm package heroku: bin/run.js and the libraries it resolves. */
  function installCli(commandVersion: string): string {
    const library = join(cliRoot, 'node_modules/@heroku-cli/command');
    mkdirSync(join(library, 'lib'), { recursive: true });
    writeFileSync(join(library, 'package.json'), JSON.stringify({ name: '@heroku-cli/command', version: commandVersion, type: 'module', main: 'lib/index.js' }));
    writeFileSync(join(library, 'lib/index.js'), 'export {};\n');
    return pathToFileURL(join(library, 'lib/index.js')).href;
  }

  beforeEach(() => {
    cliRoot = mkdtempSync(join(tmpdir(), 'vanity-fake-cli-'));
    mkdirSync(join(cliRoot, 'bin'));
    writeFileSync(entry(), '');
  });
  afterEach(() => rmSync(cliRoot, { recursive: true, force: true }));

  it('is taken when it is the major the plugin asks for, and no older', () => {
    const index = installCli('13.9.1');
    expect(hostCopy(entry())).to.equal(index);
  });

  it('is passed over for another major or an older minor (the plugin then loads its own)', () => {
    installCli('12.9.0');
    expect(hostCopy(entry())).to.equal(undefined);
    installCli('14.0.0');
    expect(hostCopy(entry())).to.equal(undefined);
    installCli('13.0.0');
    expect(hostCopy(entry())).to.equal(undefined);
  });

  it('is passed over when there is no entry script to resolve from', () => {
    expect(hostCopy('')).to.equal(undefined);
  });
});

describe('satisfiesCaret', () => {
  it('accepts the same major from the floor up, and nothing else', () => {
    expect(satisfiesCaret('13.2.0', '^13.2.0')).to.equal(true);
    expect(satisfiesCaret('13.2.5', '^13.2.0')).to.equal(true);
    expect(satisfiesCaret('13.10.0', '^13.2.0')).to.equal(true);
    expect(satisfiesCaret('13.1.9', '^13.2.0')).to.equal(false);
    expect(satisfiesCaret('14.0.0', '^13.2.0')).to.equal(false);
    expect(satisfiesCaret('13.3.0-beta.1', '^13.2.0')).to.equal(false);
  });
});
