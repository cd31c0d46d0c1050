import { providerCredentials, provisionApp, SimulateError } from './provision-app.js';
import type { SimulatedResource } from './provision-app.js';
import { USAGE, UsageError, parseSimulateArgs } from './simulate-args.js';
import type { SimulateOptions } from './simulate-args.js';
import { DrainRejected, streamTraffic } from './stream-traffic.js';
import type { StreamStats } from './stream-traffic.js';
import type { CredentialedUrl } from './credentialed-url.js';

/**
 * `npm run simulate`: provisions a resource on a running Vanity server and streams realistic
 * Logplex drain traffic to it, printing how to look at the counts.
 */

const number = (n: number): string => n.toLocaleString('en-US');

function printStart(options: SimulateOptions, resource: SimulatedResource): void {
  console.log(`Vanity resource ${resource.id} for app "${options.app}" on ${options.url}`);
  console.log(`Streaming ~${number(options.rps)} requests/s for ${options.durationMs / 1000}s (Ctrl-C stops). In another terminal:\n`);
  console.log(`  export VANITY_URL='${resource.vanityUrl}'`);
  console.log(`  curl "$VANITY_URL/counts?since=1h"\n`);
  const burst = options.errorBurst;
  if (burst) console.log(`Error burst: half the requests answer 500 from ${burst.fromMs / 1000}s to ${burst.toMs / 1000}s into the run.\n`);
}

/** The server's count for the last hour, or null while the developer API is not there. */
async function serverCount(api: CredentialedUrl): Promise<number | null> {
  try {
    const res = await fetch(`${api.url}/counts?since=1h`, { headers: { authorization: api.authorization }, signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { sum?: number };
    return typeof body.sum === 'number' ? body.sum : null;
  } catch {
    return null;
  }
}

async function progressLine(stats: StreamStats, elapsedMs: number, api: CredentialedUrl): Promise<string> {
  const counted = await serverCount(api);
  const parts = [
    `${Math.round(elapsedMs / 1000)}s`,
    `sent ${number(stats.batches)} batches (${number(stats.frames)} lines, ${number(stats.requests)} requests)`,
    `acknowledged ${number(stats.acknowledged)} requests`,
    `${stats.repeats} batches repeated (same Frame-Id)`,
    `L10 reported ${number(stats.lostReported)} lost`,
  ];
  if (stats.burstErrors > 0) parts.push(`error burst: ${number(stats.burstErrors)} 500s sent, the first at ${new Date(stats.firstBurstErrorAt ?? 0).toISOString()}`);
  if (counted !== null) parts.push(`server counts ${number(counted)} in the last hour`);
  if (stats.rejected + stats.failed > 0) {
    parts.push(`${stats.rejected} rejected, ${stats.failed} failed (last: ${stats.lastProblem?.status ?? 'network'} ${stats.lastProblem?.detail ?? ''})`);
  }
  return parts.join(' · ');
}

async function run(args: string[]): Promise<void> {
  const options = parseSimulateArgs(args);
  if (!options) {
    console.log(USAGE);
    return;
  }
  const resource = await provisionApp(options.url, options.app, providerCredentials());
  printStart(options, resource);
  const started = Date.now();
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const stats = await streamTraffic({
    ...options,
    drain: resource.drain,
    drainToken: resource.drainToken,
    signal: stop.signal,
    onProgress: async (s, elapsedMs) => console.log(await progressLine(s, elapsedMs, resource.api)),
  });
  console.log(`done: ${await progressLine(stats, Date.now() - started, resource.api)}`);
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof SimulateError || err instanceof DrainRejected) {
    console.error(`simulate: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
