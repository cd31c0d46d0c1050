import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { provision } from '../../../../server/test/support/provider-client.js';
import type { Provisioned } from '../../../../server/test/support/provider-client.js';
import { startTestServer } from '../../../../server/test/support/test-server.js';
import type { TestServer } from '../../../../server/test/support/test-server.js';
import { postToDrain } from '../../../../test/support/logplex-batch.js';
import { tenRequests } from '../../../../test/support/ten-requests.js';
import type { CountsReport, TopReport } from '../../../src/contract/api.js';
import { isolateNetwork, restoreNetwork, stubPlatformApi, vanityAddon } from '../../support/platform-api.js';
import { run } from '../../support/run.js';

describe('the commands against a real Vanity server fed through its drain', () => {
  const traffic = tenRequests(new Date());
  const { expected } = traffic;
  let server: TestServer;
  let resource: Provisioned;

  before(async () => {
    server = await startTestServer();
    resource = await provision(server, { name: 'myapp-vanity' });
    expect(await postToDrain(resource.logDrainUrl, resource.logDrainToken, traffic.bodies)).to.deep.equal([204, 204]);
  });
  after(() => server.stop());
  beforeEach(isolateNetwork);
  afterEach(restoreNetwork);

  const platformApi = (vanityUrl = resource.vanityUrl) => stubPlatformApi('myapp', [vanityAddon('vanity-a')], { VANITY_URL: vanityUrl });

  it('vanity:counts --json gives the counts of the lines drained', async () => {
    platformApi();
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp', '--json']);
    expect(error).to.equal(undefined);
    const report = JSON.parse(stdout) as CountsReport;
    expect(report.resource.id).to.equal(resource.id);
    expect(report.total).to.equal(expected.total);
    expect(report.sum).to.equal(expected.total);
    expect(report.recent.last_hour).to.equal(expected.total);
    expect(report.errors).to.equal(expected.errors);
    expect(report.lost_lines).to.equal(expected.lostLines);
    expect(report.by_status_class).to.include(expected.byStatusClass);
    expect(report.router_errors).to.deep.equal(expected.routerErrors);
    expect(report.series.reduce((sum, point) => sum + point.count, 0)).to.equal(expected.total);
  });

  it('vanity:export --format csv writes the CSV export; parsed back, its minute counts are the lines drained', async () => {
    platformApi();
    const { stdout, error } = await run(['vanity:export', '-a', 'myapp', '--format', 'csv']);
    expect(error).to.equal(undefined);
    const [header, ...rows] = parse(stdout) as string[][];
    expect(header).to.deep.equal(['level', 't', 'dim', 'key', 'n']);
    const sum = (level: string, dim: string) => rows.filter((r) => r[0] === level && r[2] === dim).reduce((s, r) => s + Number(r[4]), 0);
    expect(sum('minute', 'all')).to.equal(expected.total);
    expect(sum('hour', 'all')).to.equal(expected.total);
    expect(sum('minute', 'error')).to.equal(expected.errors);
    expect(sum('minute', 'lost')).to.equal(expected.lostLines);
  });

  it('vanity:counts --compare previous --json has the server\'s comparison: nothing in the 24 h before, so no percentage', async () => {
    platformApi();
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp', '--compare', 'previous', '--json']);
    expect(error).to.equal(undefined);
    const report = JSON.parse(stdout) as CountsReport;
    expect(report.compare).to.deep.include({ kind: 'previous', sum: 0, errors: 0 });
    expect(report.compare?.change_percent.sum).to.equal(null);
  });

  it('vanity:counts shows the headline, the status mix, router errors and lost lines', async () => {
    platformApi();
    const { stdout, error } = await run(['vanity:counts', '-a', 'myapp', '--since', '2h', '--interval', 'minute']);
    expect(error).to.equal(undefined);
    expect(stdout).to.match(/^10 requests all time$/m);
    expect(stdout).to.match(/Last hour: +10$/m);
    expect(stdout).to.include('by minute');
    expect(stdout).to.include('10 requests, 1 error');
    expect(stdout).to.include('2xx 8 (80%) · 3xx 1 (10%) · 5xx 1 (10%)');
    expect(stdout).to.match(/Router errors: +H12 1$/m);
    expect(stdout).to.match(/Lost lines \(L10\): +4 log lines dropped/m);
  });

  it('vanity:top ranks the normalised paths; --by status --json gives the API\'s items', async () => {
    platformApi();
    const { stdout } = await run(['vanity:top', '-a', 'myapp']);
    const rows = stdout.split('\n').map((line) => line.trim().split(/\s{2,}/)).filter((cells) => /^\d+$/.test(cells[0]!));
    expect(rows.map((cells) => [cells[1], cells[2]])).to.deep.equal(expected.topPaths.map((item) => [item.key, String(item.count)]));

    platformApi();
    const json = await run(['vanity:top', '-a', 'myapp', '--by', 'status', '--json']);
    const top = JSON.parse(json.stdout) as TopReport;
    expect(top.items).to.deep.equal([{ key: '200', count: 8 }, { key: '302', count: 1 }, { key: '503', count: 1 }]);
  });

  it('says the credential was rejected when the key in VANITY_URL is wrong', async () => {
    const wrongKey = new URL(resource.vanityUrl);
    wrongKey.password = 'not-the-key';
    platformApi(wrongKey.toString());
    const { error } = await run(['vanity:counts', '-a', 'myapp']);
    expect(error?.message).to.include('Vanity rejected the credential in VANITY_URL');
  });

  it('vanity:alerts:add, vanity:alerts and vanity:alerts:remove manage the rules of the real server', async () => {
    platformApi();
    const added = await run(['vanity:alerts:add', '-a', 'myapp', '--kind', 'router_error', '--code', 'h12', '--threshold-count', '2', '--app-log', '--json']);
    expect(added.error).to.equal(undefined);
    const rule = JSON.parse(added.stdout) as { id: string; code: string; description: string };
    expect(rule).to.deep.include({ code: 'H12', description: 'H12 ≥ 2 in 5 min' });
    platformApi();
    const listed = await run(['vanity:alerts', '-a', 'myapp']);
    expect(listed.stdout).to.include('1 of 2 rules the plan allows');
    expect(listed.stdout).to.match(new RegExp(`${rule.id} +ok +H12 ≥ 2 in 5 min +app log`));
    platformApi();
    expect((await run(['vanity:alerts:remove', rule.id, '-a', 'myapp'])).stdout).to.equal(`Removed alert ${rule.id}.\n`);
    platformApi();
    const refused = await run(['vanity:alerts:add', '-a', 'myapp', '--kind', 'error_rate', '--threshold-percent', '0', '--app-log']);
    expect(refused.error?.message).to.equal('Vanity: threshold_percent: must be above 0 and at most 100');
  });
  it('vanity:releases scores a release of the real server against the lines drained, and says why an add-on without a token has none', async () => {
    const stored = (await server.store.getResource(resource.id))!;
    // Well before the drained lines (two minutes before the suite started), within the hour before them.
    const releasedAt = Math.floor(Date.now() / 1000) - 35 * 60;
    await server.store.recordRelease(stored.seq, { eventId: 'e-1', version: 7, description: 'Deploy abc123', status: 'succeeded', releasedAt }, releasedAt);
    platformApi();
    const { stdout, error } = await run(['vanity:releases', '-a', 'myapp']);
    expect(error).to.equal(undefined);
    const row = stdout.split('\n').find((line) => line.trim().startsWith('v7'))?.trim().split(/\s{2,}/);
    expect(row?.slice(2, 4)).to.deep.equal([`0 → ${expected.total}`, '– → 10%']);
    expect(row?.at(-1)).to.equal('Deploy abc123');

    const plain = await provision(server, { oauth_grant: undefined });
    platformApi(plain.vanityUrl);
    const none = await run(['vanity:releases', '-a', 'myapp', '--json']);
    expect(JSON.parse(none.stdout)).to.deep.include({ tracking: 'no_token', releases: [] });
  });
});
