/**
 * How long `heroku vanity:counts` takes next to `heroku config` (the baseline: a core command
 * making one Platform API call), in the real heroku CLI, with the same local Platform API stub
 * and a real Vanity server. Prints medians and the ratio.
 *
 *   npm run bench:plugin                         # plugin linked (what a developer runs)
 *   npm run bench:plugin -- --install plugin/heroku-vanity-0.1.0.tgz   # installed from a packed tarball
 *   npm run bench:plugin -- --runs 11
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { provision } from '../server/test/support/provider-client.js';
import { startTestServer } from '../server/test/support/test-server.js';
import { herokuCli } from '../test/support/heroku-cli.js';
import type { HerokuCli } from '../test/support/heroku-cli.js';
import { postToDrain } from '../test/support/logplex-batch.js';
import { startPlatformApiStub } from '../test/support/platform-api-stub.js';
import { tenRequests } from '../test/support/ten-requests.js';
import { REPO_ROOT } from '../test/support/spawn-server.js';

const TOKEN = 'bench-token';
const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '7' }, install: { type: 'string' } } });

async function timed(cli: HerokuCli, args: string[]): Promise<number> {
  const started = performance.now();
  const result = await cli.run(args);
  if (result.code !== 0) throw new Error(`heroku ${args.join(' ')} failed: ${result.stderr}`);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function setUp(cli: HerokuCli): Promise<string> {
  if (options.install) {
    const installed = await cli.run(['plugins:install', `file:${resolve(options.install)}`]);
    if (installed.code !== 0) throw new Error(installed.stderr);
    return 'installed from tarball';
  }
  const linked = await cli.run(['plugins:link', resolve(REPO_ROOT, 'plugin'), '--no-install']);
  if (linked.code !== 0) throw new Error(linked.stderr);
  return 'linked';
}

const server = await startTestServer();
const resource = await provision(server, { name: 'myapp-vanity' });
await postToDrain(resource.logDrainUrl, resource.logDrainToken, tenRequests(new Date()).bodies);
const platformApi = await startPlatformApiStub(TOKEN, {
  myapp: { addons: [{ name: 'vanity-1', addon_service: { name: 'vanity' }, config_vars: ['VANITY_URL'] }], config: { VANITY_URL: resource.vanityUrl } },
});
const cli = herokuCli(platformApi.url, TOKEN);
try {
  const mode = await setUp(cli);
  const commands = { config: ['config', '-a', 'myapp'], 'vanity:counts': ['vanity:counts', '-a', 'myapp'] };
  // one warm-up each: the first runs write caches (plugin manifest, tsx cache)
  for (const args of Object.values(commands)) await timed(cli, args);
  const times: Record<string, number[]> = { config: [], 'vanity:counts': [] };
  for (let run = 0; run < Number(options.runs); run++) {
    for (const [name, args] of Object.entries(commands)) times[name]!.push(await timed(cli, args));
  }
  const config = median(times.config!);
  const counts = median(times['vanity:counts']!);
  console.log(`plugin ${mode}, ${options.runs} runs each, alternating, medians:`);
  console.log(`  heroku config -a myapp          ${config.toFixed(0)} ms`);
  console.log(`  heroku vanity:counts -a myapp   ${counts.toFixed(0)} ms`);
  console.log(`  ratio vanity:counts / config    ${(counts / config).toFixed(2)}`);
} finally {
  cli.cleanup();
  await platformApi.stop();
  await server.stop();
}
