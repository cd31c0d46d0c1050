/**
 * How long `heroku vanity:counts -a myapp` takes next to `heroku config -a myapp` (the baseline:
 * a core command making one Platform API call) in the same real heroku CLI (the root
 * devDependency), with the plugin packed (`npm pack`) and installed from the tarball
 * (`heroku plugins:install file:…`) into a throwaway HOME, both against the same local Platform
 * API stand-in (HEROKU_HOST) and a real Vanity server. Rounds alternate the two commands, and
 * which goes first; the times are medians, the ratios medians of each round's ratio. `npm run bench -- plugin` runs it among the others;
 *
 *   npm run bench:plugin                  # on its own
 *   npm run bench:plugin -- --runs 31
 *   npm run bench:plugin -- --tarball /tmp/heroku-vanity-0.1.0.tgz   # a given build instead of packing one
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { provision } from '../server/test/support/provider-client.js';
import { startTestServer } from '../server/test/support/test-server.js';
import { herokuCli } from '../test/support/heroku-cli.js';
import type { HerokuCli } from '../test/support/heroku-cli.js';
import { postToDrain } from '../test/support/logplex-batch.js';
import { packPlugin } from '../test/support/pack-plugin.js';
import { startPlatformApiStub } from '../test/support/platform-api-stub.js';
import type { PlatformApiStub } from '../test/support/platform-api-stub.js';
import { tenRequests } from '../test/support/ten-requests.js';

const TOKEN = 'bench-token';

interface Sample {
  wallMs: number;
  /** user + system CPU of the CLI process and whatever it waited for. */
  cpuMs: number;
}

export interface CommandFigures {
  wallMs: number;
  cpuMs: number;
  wallRangeMs: [number, number];
}

export interface PluginStartupFigures {
  runs: number;
  config: CommandFigures;
  counts: CommandFigures;
  /**
   * The goal's figure: the median over rounds of counts wall / config wall in the same round
   * (neighbours in time, so a load that drifts over the run cancels better than in a ratio of medians).
   */
  wallRatio: number;
  /** The same for CPU time, which depends far less on what else the machine is doing. */
  cpuRatio: number;
}

/** Platform API calls each command must make, so a run that did not reach the stand-in fails. */
const COMMANDS = {
  config: { args: ['config', '-a', 'myapp'], calls: ['/apps/myapp/config-vars'] },
  counts: { args: ['vanity:counts', '-a', 'myapp'], calls: ['/apps/myapp/addons', '/apps/myapp/config-vars'] },
} as const;
type CommandName = keyof typeof COMMANDS;

/** CPU the bench process's reaped children used so far (Linux: utime + stime of children in /proc/self/stat). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // after "pid (comm) ": state is field 3, cutime 16 and cstime 17, in clock ticks (100 per second on Linux)
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

async function timed(cli: HerokuCli, platformApi: PlatformApiStub, name: CommandName, expectedOutput: string): Promise<Sample> {
  const { args, calls } = COMMANDS[name];
  const seenBefore = platformApi.seen.length;
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = await cli.run([...args]);
  const wallMs = performance.now() - started;
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (result.code !== 0) throw new Error(`heroku ${args.join(' ')} failed: ${result.stderr}`);
  const seen = platformApi.seen.slice(seenBefore).map((call) => `${call.method} ${call.path}`);
  for (const path of calls) {
    if (!seen.includes(`GET ${path}`)) throw new Error(`heroku ${args.join(' ')} did not call the stand-in's GET ${path} (saw ${seen.join(', ')})`);
  }
  if (name === 'counts' && !result.stdout.includes(expectedOutput)) throw new Error(`heroku vanity:counts printed no "${expectedOutput}":\n${result.stdout}`);
  return { wallMs, cpuMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function figures(samples: Sample[]): CommandFigures {
  const walls = samples.map((sample) => sample.wallMs);
  return { wallMs: median(walls), cpuMs: median(samples.map((sample) => sample.cpuMs)), wallRangeMs: [Math.min(...walls), Math.max(...walls)] };
}

/** `tarball`: install this one instead of packing the plugin (e.g. an older build, for a before/after). */
export async function benchPluginStartup(options: { runs: number; tarball?: string }): Promise<PluginStartupFigures> {
  const traffic = tenRequests(new Date());
  const expectedOutput = `${traffic.expected.total} requests all time`;
  const packDir = mkdtempSync(join(tmpdir(), 'vanity-bench-pack-'));
  const server = await startTestServer();
  let platformApi: PlatformApiStub | undefined;
  let cli: HerokuCli | undefined;
  try {
    const resource = await provision(server, { name: 'myapp-vanity' });
    await postToDrain(resource.logDrainUrl, resource.logDrainToken, traffic.bodies);
    platformApi = await startPlatformApiStub(TOKEN, {
      myapp: { addons: [{ name: 'vanity-1', addon_service: { name: 'vanity' }, config_vars: ['VANITY_URL'] }], config: { VANITY_URL: resource.vanityUrl } },
    });
    cli = herokuCli(platformApi.url, TOKEN);
    const tarball = options.tarball ? resolve(options.tarball) : await packPlugin(packDir);
    const installed = await cli.run(['plugins:install', `file:${tarball}`]);
    if (installed.code !== 0) throw new Error(`plugins:install failed: ${installed.stderr}`);
    // one warm-up each: the first runs write caches (the CLI's plugin and command caches)
    for (const name of Object.keys(COMMANDS) as CommandName[]) await timed(cli, platformApi, name, expectedOutput);
    const samples: Record<CommandName, Sample[]> = { config: [], counts: [] };
    for (let round = 0; round < options.runs; round++) {
      const order: CommandName[] = round % 2 === 0 ? ['config', 'counts'] : ['counts', 'config'];
      for (const name of order) samples[name].push(await timed(cli, platformApi, name, expectedOutput));
    }
    const config = figures(samples.config);
    const counts = figures(samples.counts);
    const pairedRatio = (of: keyof Sample) => median(samples.counts.map((sample, round) => sample[of] / samples.config[round]![of]));
    return { runs: options.runs, config, counts, wallRatio: pairedRatio('wallMs'), cpuRatio: pairedRatio('cpuMs') };
  } finally {
    cli?.cleanup();
    await platformApi?.stop();
    await server.stop();
    rmSync(packDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, tarball: { type: 'string' } } });
  const r = await benchPluginStartup({ runs: Number(values.runs), tarball: values.tarball });
  const line = (name: string, f: CommandFigures) =>
    `  ${name.padEnd(32)} ${f.wallMs.toFixed(0)} ms wall (${f.wallRangeMs.map((ms) => ms.toFixed(0)).join('–')}), ${f.cpuMs.toFixed(0)} ms CPU`;
  console.log(`plugin installed from ${values.tarball ?? 'its packed tarball'}, ${r.runs} alternating rounds, medians:`);
  console.log(line('heroku config -a myapp', r.config));
  console.log(line('heroku vanity:counts -a myapp', r.counts));
  console.log(`  vanity:counts / config, median of the rounds' ratios: ${r.wallRatio.toFixed(2)}× wall (goal ≤ 1.15×), ${r.cpuRatio.toFixed(2)}× CPU`);
}
