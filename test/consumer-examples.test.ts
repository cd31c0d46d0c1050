import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';
import { provisionLocal, sendRequests } from './support/local-resource.js';

const run = promisify(execFile);

/** The consumer examples, each run the way its header says, with the interpreters from Debian's packages. */
const EXAMPLES = [
  { language: 'Node.js', command: [process.execPath, 'examples/node/counts.mjs'] },
  { language: 'Ruby', command: ['/usr/bin/ruby', 'examples/ruby/counts.rb'] },
  { language: 'Python', command: ['/usr/bin/python3', 'examples/python/counts.py'] },
] as const;

describe('the consumer examples (examples/node, ruby, python) against the built server', () => {
  let server: SpawnedServer;
  let vanityUrl: string;
  before(async () => {
    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false' });
    const local = await provisionLocal(server);
    vanityUrl = local.vanityUrl;
    await sendRequests(local.drainUrl, 3);
  });
  after(() => server.kill());

  for (const example of EXAMPLES) {
    it(`${example.language} prints the all-time total and today's count from VANITY_URL`, async () => {
      const [bin, ...args] = example.command;
      const { stdout } = await run(bin, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, VANITY_URL: vanityUrl } });
      expect(stdout).to.equal('all-time total: 3\ntoday: 3\n');
    });

    it(`${example.language} says what Vanity answered when the credential is wrong`, async () => {
      const wrong = new URL(vanityUrl);
      wrong.password = 'wrong-key';
      const [bin, ...args] = example.command;
      const failed = await run(bin, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, VANITY_URL: wrong.toString() } }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).to.equal(1);
      expect(failed?.stderr).to.match(/Vanity answered 401: /);
    });
  }
});
