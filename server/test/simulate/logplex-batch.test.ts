import { expect } from 'chai';
import {
  TARGET_BODY_BYTES,
  batchBuilder,
  encodeBatch,
  encodeFrame,
  frameId,
  overflowLine,
  syslogTime,
} from '../../src/simulate/logplex-batch.js';
import type { LogLine } from '../../src/simulate/router-traffic.js';
import { routerTraffic } from '../../src/simulate/router-traffic.js';
import { seededRandom } from '../../src/simulate/seeded-random.js';

/** An independent octet-counting reader: `<len> <len bytes>` repeated. */
function readFrames(body: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const len = Number(body.subarray(at, space).toString('latin1'));
    frames.push(body.subarray(space + 1, space + 1 + len));
    at = space + 1 + len;
  }
  expect(at).to.equal(body.length);
  return frames;
}

const SPEC_TIME_US = Date.parse('2015-04-02T11:52:34.520Z') * 1000 + 12;

describe('logplex batch encoding', () => {
  it('formats syslog timestamps with microseconds and an offset', () => {
    expect(syslogTime(SPEC_TIME_US)).to.equal('2015-04-02T11:52:34.520012+00:00');
  });

  it('reproduces the router frame of the protocol spec byte for byte', () => {
    const line: LogLine = {
      timeUs: SPEC_TIME_US,
      pri: 158,
      appName: 'heroku',
      procId: 'router',
      message:
        'at=info method=POST path="/users" host=myapp.com request_id=c1806361-2081-42e7-a8aa-92b6808eac8e fwd="24.76.242.18" dyno=web.1 connect=1ms service=37ms status=201 bytes=828',
    };
    expect(encodeFrame(line)).to.equal(
      '234 <158>1 2015-04-02T11:52:34.520012+00:00 host heroku router - at=info method=POST path="/users" host=myapp.com request_id=c1806361-2081-42e7-a8aa-92b6808eac8e fwd="24.76.242.18" dyno=web.1 connect=1ms service=37ms status=201 bytes=828\n',
    );
  });

  it('counts bytes, not characters, for UTF-8 messages', () => {
    const message = 'Benutzer \u201eJ\u00fcrgen\u201c angemeldet \u2713';
    const line: LogLine = { timeUs: SPEC_TIME_US, pri: 190, appName: 'app', procId: 'web.1', message };
    const frame = encodeFrame(line);
    const [len, ...rest] = frame.split(' ');
    const msg = rest.join(' ');
    expect(Number(len)).to.equal(Buffer.byteLength(msg));
    expect(Number(len)).to.be.greaterThan(msg.length);

    const batch = encodeBatch([line, line], { frameId: 'A'.repeat(32) });
    const frames = readFrames(batch.body);
    expect(frames.map((f) => f.toString('utf8'))).to.deep.equal([msg, msg]);
  });

  it('sends the headers Logplex sends, with the frame count', () => {
    const traffic = routerTraffic({ seed: 7 });
    const lines = Array.from({ length: 25 }, (_, i) => traffic.line(SPEC_TIME_US + i));
    const id = frameId(seededRandom(1));
    const batch = encodeBatch(lines, { frameId: id, drainToken: 'd.0123' });
    expect(id).to.match(/^[0-9A-F]{32}$/);
    expect(batch.headers).to.deep.equal({
      'content-type': 'application/logplex-1',
      'logplex-msg-count': '25',
      'logplex-frame-id': id,
      'logplex-drain-token': 'd.0123',
      'user-agent': 'Logplex/v123',
    });
    expect(readFrames(batch.body)).to.have.length(25);
    expect(encodeBatch(lines, { frameId: id }).headers).not.to.have.property('logplex-drain-token');
  });

  it('puts the L10 overflow frame first and reports the lines it says were lost', () => {
    const since = Date.parse('2013-04-17T19:04:46Z') * 1000;
    const l10 = overflowLine(since + 5_000_000, 500, since);
    expect(l10.message).to.equal('Error L10 (output buffer overflow): 500 messages dropped since 2013-04-17T19:04:46+00:00.');
    const traffic = routerTraffic({ seed: 3, otherShare: 0 });
    const batch = encodeBatch([l10, traffic.line(since), traffic.line(since)], { frameId: 'B'.repeat(32) });
    const first = readFrames(batch.body)[0]?.toString('utf8');
    expect(first).to.match(/^<172>1 2013-04-17T19:04:51\.000000\+00:00 host heroku logplex - Error L10 /);
    expect(batch.lostLines).to.equal(500);
    expect(batch.routerLines).to.equal(2);
  });

  it('fills a body up to the ~100 KiB target', () => {
    const traffic = routerTraffic({ seed: 11 });
    const builder = batchBuilder();
    let timeUs = SPEC_TIME_US;
    while (builder.bytes < TARGET_BODY_BYTES) builder.add(traffic.line((timeUs += 1000)));
    const batch = builder.finish({ frameId: 'C'.repeat(32) });
    expect(batch.body.length).to.equal(builder.bytes);
    expect(batch.body.length).to.be.within(TARGET_BODY_BYTES, TARGET_BODY_BYTES + 11_000);
    expect(readFrames(batch.body)).to.have.length(batch.frames);
    expect(batch.headers['logplex-msg-count']).to.equal(String(batch.frames));
  });
});
