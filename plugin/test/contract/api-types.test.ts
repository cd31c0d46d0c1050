import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PLUGIN_ROOT } from '../support/run.js';

const execFileAsync = promisify(execFile);

describe('contract/vanity-api.ts (the API types, generated from server/openapi.yaml)', () => {
  it('is what `npm run generate:api-types` makes of the spec today', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'vanity-api-types-'));
    try {
      const fresh = join(scratch, 'vanity-api.ts');
      // The script's own command line, with the output sent elsewhere.
      const script = (JSON.parse(readFileSync(join(PLUGIN_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['generate:api-types']!;
      const [bin, ...args] = script.replace('../contract/vanity-api.ts', fresh).split(' ');
      await execFileAsync('npx', ['--no-install', bin!, ...args], { cwd: PLUGIN_ROOT, timeout: 60_000 });
      const committed = readFileSync(join(PLUGIN_ROOT, 'src/contract/vanity-api.ts'), 'utf8');
      expect(committed === readFileSync(fresh, 'utf8'), 'server/openapi.yaml changed: run `npm run generate:api-types` and commit contract/vanity-api.ts').to.equal(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
