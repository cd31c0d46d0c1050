import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HEROKU_BIN, herokuCli } from './support/heroku-cli.js';
import type { HerokuCli } from './support/heroku-cli.js';
import { provisionLocal, sendRequests } from './support/local-resource.js';
import { startPlatformApiStub } from './support/platform-api-stub.js';
import type { PlatformApiStub } from './support/platform-api-stub.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';
import type { SpawnedServer } from './support/spawn-server.js';

const run = promisify(execFile);
const TOKEN = 'devcenter-article-token';
const ARTICLE = readFileSync(join(REPO_ROOT, 'docs/devcenter.md'), 'utf8');

/** Commands that act on Heroku itself (billing, drains, logs, the plugin registry): not run here, but they must exist in the real CLI. */
const HEROKU_ONLY = new Set(['addons:create', 'addons:open', 'addons:upgrade', 'addons:destroy', 'plugins:install', 'drains', 'logs']);

/** The section headings Heroku's add-on documentation template asks for, in its order. */
const TEMPLATE_SECTIONS = [
  'Provisioning the add-on',
  'Local setup',
  'Using Vanity with curl',
  'Using Vanity with Ruby',
  'Using Vanity with Node.js',
  'Using Vanity with Python',
  'Dashboard',
  'The Heroku CLI plugin',
  'Alerts',
  'Migrating between plans',
  'Removing the add-on',
  'Troubleshooting',
  'Support',
];

interface Step {
  command: string;
  expected: string[];
}

/** The ```term blocks: `$ command` lines, each followed by the output it prints. */
function termSteps(markdown: string): Step[] {
  const steps: Step[] = [];
  for (const block of markdown.matchAll(/^```term\n([\s\S]*?)^```$/gm)) {
    for (const line of (block[1] as string).split('\n').slice(0, -1)) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
      else steps.at(-1)?.expected.push(line);
    }
  }
  return steps;
}

/** `…` alone on a line stands for any lines; inside a line, for any text. */
function matches(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  const [first, ...rest] = expected as [string, ...string[]];
  if (first === '…') return actual.some((_, i) => matches(rest, actual.slice(i))) || matches(rest, []);
  if (actual.length === 0) return false;
  const pattern = new RegExp(`^${first.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return pattern.test(actual[0] as string) && matches(rest, actual.slice(1));
}

const herokuSubcommand = (command: string): string | undefined => /^heroku ([\w:-]+)/.exec(command)?.[1];

describe('the Dev Center article (docs/devcenter.md), run as printed against the built server', function () {
  // 22 commands, many of them a start of the real heroku CLI: minutes on a loaded 2-core machine.
  this.timeout(300_000);
  let server: SpawnedServer;
  let platformApi: PlatformApiStub;
  let cli: HerokuCli;
  let workdir: string;

  before(async () => {
    server = await spawnServer({ VANITY_LOG_REQUESTS: 'false' });
    const local = await provisionLocal(server);
    // 24 requests, 6 of them 503: the numbers the article prints.
    await sendRequests(local.drainUrl, 24);
    platformApi = await startPlatformApiStub(TOKEN, {
      myapp: { addons: [{ name: 'vanity-curved-1', addon_service: { name: 'vanity' }, config_vars: ['VANITY_URL'] }], config: { VANITY_URL: local.vanityUrl } },
    });
    cli = herokuCli(platformApi.url, TOKEN);
    const linked = await cli.run(['plugins:link', join(REPO_ROOT, 'plugin'), '--no-install']);
    expect(linked.code, linked.stderr).to.equal(0);
    workdir = mkdtempSync(join(tmpdir(), 'vanity-article-'));
    symlinkSync(join(REPO_ROOT, 'examples'), join(workdir, 'examples'));
  });
  after(async () => {
    cli?.cleanup();
    rmSync(workdir, { recursive: true, force: true });
    await platformApi?.stop();
    await server?.kill();
  });

  it('has the sections of Heroku’s add-on documentation template, in order', () => {
    const headings = [...ARTICLE.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).to.deep.equal(TEMPLATE_SECTIONS);
  });

  it('shows the consumer examples exactly as they are in examples/', () => {
    for (const file of ['ruby/counts.rb', 'node/counts.mjs', 'python/counts.py']) {
      expect(ARTICLE, file).to.contain(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8'));
    }
  });

  it('runs every command as a reader would, in one shell, and prints what the article says', async () => {
    const steps = termSteps(ARTICLE);
    expect(steps.length).to.be.greaterThan(15);
    // `heroku` on the shell's PATH is the real CLI, pointed at the Platform API stand-in.
    const bin = join(workdir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'heroku'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(HEROKU_BIN)} "$@"\n`);
    chmodSync(join(bin, 'heroku'), 0o755);
    const script = steps
      .map((step, i) => {
        const sub = herokuSubcommand(step.command);
        const body = sub !== undefined && HEROKU_ONLY.has(sub) ? 'true' : `${step.command} 2>/dev/null`;
        return `printf '\\n@@step ${i}@@\\n'\n${body}`;
      })
      .join('\n');
    const listed = await cli.run(['commands', '--json']);
    expect(listed.code, listed.stderr).to.equal(0);
    const known = new Set((JSON.parse(listed.stdout) as { id: string; aliases: string[] }[]).flatMap((c) => [c.id, ...c.aliases]));
    const { stdout } = await run('bash', ['-c', script], { cwd: workdir, env: { ...cli.env, PATH: `${bin}:${process.env.PATH}` }, maxBuffer: 16 << 20 });
    const outputs = stdout.split(/\n@@step \d+@@\n/).slice(1);
    if (process.env.SHOW_ARTICLE_OUTPUT) console.log(stdout);
    expect(outputs).to.have.length(steps.length);
    steps.forEach((step, i) => {
      const actual = (outputs[i] as string).replace(/\n$/, '').split('\n').filter((line, n, all) => !(all.length === 1 && line === ''));
      const sub = herokuSubcommand(step.command);
      if (sub !== undefined && HEROKU_ONLY.has(sub)) {
        expect(known.has(sub), `${step.command}: not a command of the heroku CLI`).to.equal(true);
        expect(step.expected, `${step.command} is not run here, so the article must not claim its output`).to.deep.equal([]);
      } else {
        expect(matches(step.expected, actual), `$ ${step.command}\nexpected:\n${step.expected.join('\n')}\nactual:\n${actual.join('\n')}`).to.equal(true);
      }
    });
    expect(readFileSync(join(workdir, '.env'), 'utf8')).to.match(/^VANITY_URL=/);
  });
});
