import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './support/spawn-server.js';

const PLUGIN_ROOT = join(REPO_ROOT, 'plugin');

const execFileAsync = promisify(execFile);

interface PackedFile {
  path: string;
}

describe('npm pack (what `heroku plugins:install` gets)', () => {
  it('ships the built commands and a fresh oclif manifest, no sources or tests, and leaves no manifest behind', async () => {
    const { stdout } = await execFileAsync('npm', ['pack', '--dry-run', '--json'], { cwd: PLUGIN_ROOT, timeout: 120_000 });
    // prepack's own output comes first on stdout; npm's JSON is the last thing printed
    const [packed] = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1)) as Array<{ name: string; files: PackedFile[] }>;
    const paths = packed!.files.map((file) => file.path);
    expect(packed!.name).to.equal('heroku-vanity');
    expect(paths).to.include.members([
      'dist/commands/vanity/index.js',
      'dist/commands/vanity/counts.js',
      'dist/commands/vanity/top.js',
      'dist/commands/vanity/export.js',
      'oclif.manifest.json',
      'package.json',
      'README.md',
    ]);
    expect(paths.filter((path) => !/^(dist\/|oclif\.manifest\.json$|package\.json$|README\.md$)/.test(path))).to.deep.equal([]);
    expect(existsSync(join(PLUGIN_ROOT, 'oclif.manifest.json'))).to.equal(false);
  });
});
