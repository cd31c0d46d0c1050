import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { CountsReport, TopReport } from '../../src/query/index.js';
import { startApiFixture } from '../support/api-fixture.js';
import type { ApiFixture } from '../support/api-fixture.js';
import { fetchWithUserinfo } from '../support/provider-client.js';
import { seedLost, seedRequests } from '../support/seed-counts.js';
import { TEST_SSO_SALT, getPage, signIn } from '../support/sso-client.js';

const NOW = '2026-11-24T12:34:56Z';

interface ExportRow {
  level: string;
  t: string;
  dim: string;
  key: string;
  n: number;
}

interface ExportBody {
  resource: { id: string };
  exported_at: string;
  since: string | null;
  totals: { requests: number; lost_lines: number; parse_errors: number };
  counts: ExportRow[];
}

describe('CSV downloads and the export (VANITY_URL)', () => {
  let fx: ApiFixture;
  let url: string;
  let id: string;
  const download = async (path: string) => {
    const res = await fetchWithUserinfo(`${url}${path}`);
    return { res, text: await res.text() };
  };
  const csvRecords = (text: string): string[][] => parse(text, { relax_column_count: false }) as string[][];

  before(async () => {
    fx = await startApiFixture(NOW);
    const added = await fx.addResource();
    ({ vanityUrl: url, id } = added);
    const { store } = fx.server;
    await seedRequests(store, added.resource, [{ at: '2026-11-24T04:40:00Z', path: '/users/:id' }], 12);
    await seedRequests(store, added.resource, [{ at: '2026-11-24T05:10:00Z', path: '/a,"quoted" path', status: 503 }], 3);
    await seedRequests(store, added.resource, [{ at: '2026-11-24T06:00:00Z', path: '=HYPERLINK("http://evil")' }], 2);
    // Older than the hobby plan's 48 hours of minutes: only its hour and day rows are kept.
    await seedRequests(store, added.resource, [{ at: '2026-11-20T10:15:00Z', path: '/old' }], 5);
    await seedLost(store, added.resource, '2026-11-24T05:00:00Z', 4);
  });
  after(() => fx.server.stop());

  it('counts.csv is RFC 4180 with a header row, and parsed back equals the JSON series (same parameters, Asia/Kolkata)', async () => {
    const params = '?since=2026-11-24T09:00:00&until=2026-11-24T12:00:00&interval=hour&tz=Asia/Kolkata';
    const json = await fx.get<CountsReport>(url, `/counts${params}`);
    expect(json.status).to.equal(200);
    const { res, text } = await download(`/counts.csv${params}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="vanity-counts-2026-11-24.csv"');
    expect(text).to.match(/^t,count,errors\r\n2026-11-24T09:00:00\+05:30,0,0\r\n/);
    expect(text.endsWith('\r\n')).to.equal(true);
    const [header, ...rows] = csvRecords(text);
    expect(header).to.deep.equal(['t', 'count', 'errors']);
    expect(rows.map(([t, count, errors]) => ({ t, count: Number(count), errors: Number(errors) }))).to.deep.equal(json.body.series);
    expect(json.body.series.map((p) => p.count)).to.deep.equal([0, 15, 2]);
  });

  it('top.csv parsed back equals the JSON items, quoting commas and quotes, and defusing formulas', async () => {
    const json = await fx.get<TopReport>(url, '/top?by=path&since=24h');
    const { res, text } = await download('/top.csv?by=path&since=24h');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="vanity-top-path-2026-11-24.csv"');
    expect(text).to.include('"/a,""quoted"" path",3\r\n');
    const [header, ...rows] = csvRecords(text);
    expect(header).to.deep.equal(['key', 'count']);
    // A key a spreadsheet would run as a formula gets a leading apostrophe; every other key is as in the JSON.
    const defused = (key: string) => (/^[=+\-@\t\r]/.test(key) ? `'${key}` : key);
    expect(rows.map(([key, count]) => ({ key, count: Number(count) }))).to.deep.equal(
      json.body.items.map((item) => ({ key: defused(item.key), count: item.count })),
    );
    expect(rows.map(([key]) => key)).to.deep.equal(['/users/:id', '/a,"quoted" path', `'=HYPERLINK("http://evil")`]);
  });

  it('refuses bad parameters with a 4xx JSON message naming them, and needs the credential', async () => {
    const bad = await download('/counts.csv?since=yesterday');
    expect(bad.res.status).to.equal(400);
    expect(JSON.parse(bad.text).message).to.match(/^since: /);
    const badBy = await download('/top.csv?by=country');
    expect(badBy.res.status).to.equal(400);
    expect(JSON.parse(badBy.text).message).to.match(/^by: /);
    const badExport = await download('/export?since=soon');
    expect(badExport.res.status).to.equal(400);
    expect(JSON.parse(badExport.text).message).to.match(/^since: /);
    for (const path of ['/counts.csv', '/top.csv', '/export', '/export.csv']) {
      const anonymous = await fetch(`${fx.server.url}/api${path}`);
      expect(anonymous.status, path).to.equal(401);
    }
  });

  it('export streams every aggregate the plan still keeps as JSON: minutes within 48 hours, hours and days', async () => {
    const { res, text } = await download('/export');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="vanity-export-2026-11-24.json"');
    // Streamed: no length known in advance.
    expect(res.headers.get('content-length')).to.equal(null);
    expect(res.headers.get('transfer-encoding')).to.equal('chunked');
    const body = JSON.parse(text) as ExportBody;
    expect(body.resource.id).to.equal(id);
    expect(body.since).to.equal(null);
    expect(body.exported_at).to.equal('2026-11-24T12:34:56Z');
    expect(body.totals).to.deep.equal({ requests: 22, lost_lines: 4, parse_errors: 0 });
    const sum = (level: string, dim: string) => body.counts.filter((r) => r.level === level && r.dim === dim).reduce((s, r) => s + r.n, 0);
    expect(sum('minute', 'all')).to.equal(17);
    expect(sum('hour', 'all')).to.equal(22);
    expect(sum('day', 'all')).to.equal(22);
    expect(sum('minute', 'lost')).to.equal(4);
    expect(sum('hour', 'error')).to.equal(3);
    expect(body.counts.filter((r) => r.level === 'minute').map((r) => r.dim)).to.not.include('path');
    expect(body.counts).to.deep.include({ level: 'hour', t: '2026-11-20T10:00:00Z', dim: 'path', key: '/old', n: 5 });
    expect(body.counts).to.deep.include({ level: 'day', t: '2026-11-24T00:00:00Z', dim: 'status', key: '503', n: 3 });
    // Oldest first within each level, levels finest first.
    const levels = body.counts.map((r) => r.level);
    expect(levels.indexOf('hour')).to.be.greaterThan(levels.lastIndexOf('minute'));
    const hours = body.counts.filter((r) => r.level === 'hour').map((r) => r.t);
    expect(hours).to.deep.equal([...hours].sort());
  });

  it('export.csv parsed back equals the JSON export, and since= keeps only rows from then on', async () => {
    const json = JSON.parse((await download('/export')).text) as ExportBody;
    const { res, text } = await download('/export.csv');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8; header=present');
    const [header, ...rows] = csvRecords(text);
    expect(header).to.deep.equal(['level', 't', 'dim', 'key', 'n']);
    const defused = (key: string) => (/^[=+\-@\t\r]/.test(key) ? `'${key}` : key);
    expect(rows.map(([level, t, dim, key, n]) => ({ level, t, dim, key, n: Number(n) }))).to.deep.equal(
      json.counts.map((row) => ({ ...row, key: defused(row.key) })),
    );

    const recent = JSON.parse((await download('/export?since=2026-11-24T05:00:00Z')).text) as ExportBody;
    expect(recent.since).to.equal('2026-11-24T05:00:00Z');
    expect(recent.counts.filter((r) => r.level !== 'day').every((r) => r.t >= '2026-11-24T05:00:00Z')).to.equal(true);
    expect(recent.counts.filter((r) => r.level === 'minute' && r.dim === 'all').reduce((s, r) => s + r.n, 0)).to.equal(5);
  });
});

describe('CSV downloads and the export from the dashboard (SSO session)', () => {
  let fx: ApiFixture;
  let id: string;
  let cookie: string;

  before(async () => {
    fx = await startApiFixture(NOW, { VANITY_SSO_SALT: TEST_SSO_SALT });
    const added = await fx.addResource();
    id = added.id;
    await seedRequests(fx.server.store, added.resource, [{ at: '2026-11-24T11:40:00Z' }], 7);
    cookie = await signIn(fx.server, id, Date.parse(NOW));
  });
  after(() => fx.server.stop());

  it('links each download from the page, and each link answers the file with the session alone', async () => {
    const page = await (await getPage(fx.server, `/dashboard/${id}?tz=Asia/Kolkata`, cookie)).text();
    const links = [...(/data-testid="downloads">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
    expect(links).to.deep.equal([
      `/dashboard/${id}/counts.csv?since=24h&interval=hour&tz=Asia%2FKolkata`,
      `/dashboard/${id}/top.csv?since=24h&interval=hour&tz=Asia%2FKolkata&by=path&limit=100`,
      `/dashboard/${id}/export`,
      `/dashboard/${id}/export.csv`,
    ]);
    const answers = await Promise.all(links.map(async (link) => {
      const res = await getPage(fx.server, link, cookie);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }));
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 200]);
    const counts = parse(answers[0]?.text ?? '') as string[][];
    expect(counts.slice(1).reduce((sum, row) => sum + Number(row[1]), 0)).to.equal(7);
    expect(parse(answers[1]?.text ?? '')).to.deep.equal([['key', 'count'], ['/', '7']]);
    expect((JSON.parse(answers[2]?.text ?? '') as ExportBody).totals.requests).to.equal(7);
    expect(answers[3]?.type).to.match(/^text\/csv/);
  });

  it('refuses a download without a session (401) or with another add-on\'s session (403)', async () => {
    const other = await fx.addResource();
    const otherCookie = await signIn(fx.server, other.id, Date.parse(NOW));
    expect((await getPage(fx.server, `/dashboard/${id}/export`)).status).to.equal(401);
    expect((await getPage(fx.server, `/dashboard/${id}/counts.csv`, otherCookie)).status).to.equal(403);
  });
});
