import { expect } from 'chai';
import { collidingPaths } from '../support/hash-collision.js';
import { parseDrainBody } from '../../src/parse/drain-body.js';
import { L10_GLUED_BODY, SPEC_EXAMPLE_BODY, SPEC_ROUTER_LINES, drainMessage, logplexBody, routerLine } from '../support/logplex.js';

const parseLines = (...displayLines: string[]) => parseDrainBody(logplexBody(displayLines.map((line) => drainMessage(line))));
const only = (...displayLines: string[]) => {
  const parsed = parseLines(...displayLines);
  expect(parsed.parseErrors).to.equal(0);
  const [request, ...rest] = parsed.requests;
  if (!request || rest.length > 0) throw new Error(`expected exactly one request, got ${parsed.requests.length}`);
  return request;
};
const ms = (iso: string) => new Date(iso).getTime();

describe('parseDrainBody', () => {
  describe('router lines from the protocol spec', () => {
    it('reads the legacy router line', () => {
      expect(only(SPEC_ROUTER_LINES.legacy)).to.deep.equal({
        time: ms('2020-09-03T19:53:46.177Z'),
        method: 'GET',
        status: 200,
        path: '/',
        dyno: 'web.1',
        code: '',
        serviceMs: 734,
        atError: false,
      });
    });

    it('reads a POST with microseconds', () => {
      expect(only(SPEC_ROUTER_LINES.post)).to.include({ time: ms('2015-04-02T11:52:34.520Z'), method: 'POST', status: 201, path: '/users', serviceMs: 37 });
    });

    it('reads a Router 2.0 line with tls and tls_version', () => {
      expect(only(SPEC_ROUTER_LINES.router20)).to.include({ method: 'GET', status: 200, path: '/', dyno: 'web.1', serviceMs: 459 });
    });

    it('reads H12 with a -07:00 offset as UTC', () => {
      expect(only(SPEC_ROUTER_LINES.h12)).to.deep.equal({
        time: ms('2010-10-07T04:51:37Z'),
        method: 'GET',
        status: 503,
        path: '/',
        dyno: 'web.1',
        code: 'H12',
        serviceMs: 30001,
        atError: true,
      });
    });

    it('reads H10 with empty dyno, service and bytes', () => {
      expect(only(SPEC_ROUTER_LINES.h10)).to.include({ code: 'H10', dyno: '', serviceMs: null, status: 503, atError: true });
    });

    it('reads H18 with its trailing sock key', () => {
      expect(only(SPEC_ROUTER_LINES.h18)).to.include({ code: 'H18', dyno: 'web.1', serviceMs: 0, status: 503 });
    });

    it('reads H26 with a quoted cause and status 400', () => {
      expect(only(SPEC_ROUTER_LINES.h26)).to.include({ code: 'H26', status: 400, dyno: '', atError: true });
    });

    it('reads a modern error line with protocol', () => {
      expect(only(SPEC_ROUTER_LINES.modernH12)).to.include({ code: 'H12', path: '/slow', serviceMs: 30000 });
    });

    it('reads the spec example body: one router line, the dyno manager line skipped', () => {
      const parsed = parseDrainBody(Buffer.from(SPEC_EXAMPLE_BODY));
      expect(parsed.frames).to.equal(2);
      expect(parsed.parseErrors).to.equal(0);
      expect(parsed.requests.map((r) => [r.method, r.path, r.status])).to.deep.equal([['POST', '/users', 201]]);
    });
  });

  describe('router fields', () => {
    it('reads keys by name in any order, quoted or not', () => {
      const request = only(
        '2026-11-23T10:00:00Z heroku[router]: status=404 dyno="web.2" service=5ms path=/a/b method=DELETE at=info host=x',
      );
      expect(request).to.include({ status: 404, dyno: 'web.2', serviceMs: 5, path: '/a/b', method: 'DELETE' });
    });

    it('reads values as UTF-8, invalid bytes as U+FFFD, whether quoted or not and however often seen', () => {
      const line = (method: Buffer, dyno: Buffer) =>
        Buffer.concat([Buffer.from('<158>1 2026-11-23T10:00:00Z host heroku router - at=info method='), method, Buffer.from(' path="/" dyno="'), dyno, Buffer.from('" status=200 service=1ms')]);
      for (let i = 0; i < 2; i++) {
        const [utf8, latin1] = parseDrainBody(
          Buffer.concat([line(Buffer.from('GÉT'), Buffer.from('wéb.1')), Buffer.from('\n'), line(Buffer.from([0x47, 0xc9, 0x54]), Buffer.from([0x77, 0xe9, 0x62]))]),
        ).requests;
        expect(utf8).to.include({ method: 'GÉT', dyno: 'wéb.1' });
        expect(latin1).to.include({ method: 'G\ufffdT', dyno: 'w\ufffdb' });
      }
    });

    it('tells apart quoted values whose hashes collide (the cache compares the bytes)', () => {
      const [a, b] = collidingPaths();
      const line = (dyno: string) => `2026-11-23T10:00:00Z heroku[router]: at=info method=GET path="/" dyno="${dyno}" status=200 service=1ms`;
      expect(parseLines(line(a), line(b), line(a)).requests.map((r) => r.dyno)).to.deep.equal([a, b, a]);
    });

    it('reads the fields after a request_id the client chose (not a UUID)', () => {
      for (const id of ['client-chosen-id-1234', 'y'.repeat(25), 'xxxxxxxx-xxxx-xxxx-xxxx-x', 'a-b', 'x'.repeat(36)]) {
        const request = only(`2026-11-23T10:00:00Z heroku[router]: at=info method=GET path="/" request_id=${id} dyno=web.9 service=3ms status=404 bytes=1`);
        expect(request, id).to.include({ dyno: 'web.9', status: 404, serviceMs: 3 });
      }
    });

    it('reads an empty status (H24-like) as null and still counts the line', () => {
      expect(only('2026-11-23T10:00:00Z heroku[router]: at=error code=H24 desc="Forced close" method=GET path="/" dyno=web.1 connect= service= status= bytes=')).to.include({
        status: null,
        code: 'H24',
      });
    });

    it('reads info lines with a code (H16/H80)', () => {
      expect(only('2026-11-23T10:00:00Z heroku[router]: at=info code=H80 desc="Maintenance mode" method=GET path="/" status=503')).to.include({
        code: 'H80',
        atError: false,
      });
    });

    it('drops the query string and normalises ids in paths', () => {
      expect(only('2026-11-23T10:00:00Z heroku[router]: at=info method=GET path="/users/42/posts?page=2&q=a b" status=200').path).to.equal('/users/:id/posts');
    });

    it('reads UTF-8 and percent-encoded paths as the same key', () => {
      const parsed = parseLines(
        '2026-11-23T10:00:00Z heroku[router]: at=info method=GET path="/café/ü" status=200',
        '2026-11-23T10:00:01Z heroku[router]: at=info method=GET path="/caf%C3%A9/%C3%BC" status=200',
      );
      expect(parsed.requests.map((r) => r.path)).to.deep.equal(['/café/ü', '/café/ü']);
    });

    it('reads timestamps without a fraction, with Z, and with any offset', () => {
      const parsed = parseLines(
        '2026-11-23T10:00:00Z heroku[router]: at=info method=GET path="/" status=200',
        '2026-11-23T10:00:00+05:45 heroku[router]: at=info method=GET path="/" status=200',
        '2026-11-23T10:00:00.123456-07:00 heroku[router]: at=info method=GET path="/" status=200',
      );
      expect(parsed.requests.map((r) => r.time)).to.deep.equal([
        ms('2026-11-23T10:00:00Z'),
        ms('2026-11-23T04:15:00Z'),
        ms('2026-11-23T17:00:00.123Z'),
      ]);
    });

    it('counts a router line with an unreadable time as a parse error, not a request', () => {
      const parsed = parseLines('yesterday heroku[router]: at=info method=GET path="/" status=200');
      expect(parsed.requests).to.have.length(0);
      expect(parsed.parseErrors).to.equal(1);
    });

    it('reads a router line with a 10 KB path, keeping a bounded key', () => {
      const request = only(`2026-11-23T10:00:00Z heroku[router]: at=info method=GET path="/${'a'.repeat(10_000)}" status=200`);
      expect(request.status).to.equal(200);
      expect(request.path.length).to.be.at.most(200);
    });
  });

  describe('other lines', () => {
    it('skips app output (also lines starting with [), dyno manager and API lines', () => {
      const parsed = parseLines(
        '2026-11-23T10:00:00Z app[web.1]: [info] GET /users status=200 at=info method=GET',
        '2026-11-23T10:00:00Z app[web.1]: at=info method=GET path="/" status=200',
        '2026-11-23T10:00:00Z heroku[web.1]: State changed from starting to up',
        '2026-11-23T10:00:00Z heroku[web.1]: Error R14 (Memory quota exceeded)',
        '2026-11-23T10:00:00Z app[api]: Build succeeded',
      );
      expect(parsed).to.deep.equal({ requests: [], lost: [], frames: 5, parseErrors: 0 });
    });

    it('reads an L10 notice glued to the next frame (logplex issue 105) as lost lines', () => {
      const parsed = parseDrainBody(Buffer.from(L10_GLUED_BODY));
      expect(parsed).to.deep.equal({ requests: [], lost: [{ time: ms('2014-11-11T08:24:25Z'), count: 1 }], frames: 2, parseErrors: 0 });
    });

    it("reads the newer L10 wording (drain 'd.…' dropped N messages)", () => {
      const parsed = parseLines(
        "2022-04-13T19:42:45.121237+00:00 heroku[logplex]: Error L10 (output buffer overflow): drain 'd.68bc07b8-b306-4fa6-985f-48f8a45912c3' dropped 2 messages since 2022-04-13T19:41:43.467368+00:00.",
      );
      expect(parsed.lost).to.deep.equal([{ time: ms('2022-04-13T19:42:45.121Z'), count: 2 }]);
    });

    it('counts an L10 count over a billion (2^63, 400 digits) as a parse error, not as lost lines', () => {
      const l10 = (count: string) => `2026-11-23T10:00:00Z heroku[logplex]: Error L10 (output buffer overflow): ${count} messages dropped since 2026-11-23T09:00:00Z.`;
      const parsed = parseLines(l10('1000000000'), l10('9223372036854775808'), l10('9'.repeat(400)), l10('1000000001'));
      expect(parsed.lost).to.deep.equal([{ time: ms('2026-11-23T10:00:00Z'), count: 1_000_000_000 }]);
      expect(parsed.parseErrors).to.equal(3);
    });

    it('ignores other logplex notices', () => {
      const parsed = parseLines('2026-11-23T10:00:00Z heroku[logplex]: Error L11 (Tail buffer overflow) -> This tail session dropped 10 messages');
      expect(parsed.lost).to.deep.equal([]);
    });
  });

  describe('damaged bodies', () => {
    it('counts good frames around a frame with a wrong length and one that is not syslog', () => {
      const good = routerLine('2026-11-23T10:00:00Z');
      const bad = Buffer.from(routerLine('2026-11-23T10:00:01Z'));
      const body = Buffer.concat([
        logplexBody([good, 'not syslog at all\n']),
        Buffer.from(`${bad.length + 40} `),
        bad,
        logplexBody([routerLine('2026-11-23T10:00:02Z')]),
      ]);
      const parsed = parseDrainBody(body);
      expect(parsed.requests.map((r) => r.time)).to.deep.equal([
        ms('2026-11-23T10:00:00Z'),
        ms('2026-11-23T10:00:01Z'),
        ms('2026-11-23T10:00:02Z'),
      ]);
      expect(parsed.frames).to.equal(4);
      expect(parsed.parseErrors).to.equal(2);
    });

    it('reads router lines around app lines with invalid UTF-8 and embedded newlines', () => {
      const binary = Buffer.concat([Buffer.from('<190>1 2026-11-23T10:00:00Z host app web.1 - \xff'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('\nmore\n')]);
      const parsed = parseDrainBody(logplexBody([binary, routerLine('2026-11-23T10:00:00Z', { path: '/ok' }), 'x\n']));
      expect(parsed.requests.map((r) => r.path)).to.deep.equal(['/ok']);
      expect(parsed.parseErrors).to.equal(1);
    });

    it('reads a router line whose path holds invalid UTF-8', () => {
      const line = Buffer.concat([Buffer.from('<158>1 2026-11-23T10:00:00Z host heroku router - at=info method=GET path="/x'), Buffer.from([0xff]), Buffer.from('" status=200\n')]);
      const [request] = parseDrainBody(logplexBody([line])).requests;
      expect(request?.path).to.equal('/x\uFFFD');
    });
  });
});
