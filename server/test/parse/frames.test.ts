import { expect } from 'chai';
import { forEachFrame } from '../../src/parse/frames.js';
import { L10_GLUED_BODY, SPEC_EXAMPLE_BODY, logplexBody } from '../support/logplex.js';

function messagesOf(body: Buffer | string): { messages: string[]; frames: number; badFrames: number } {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const messages: string[] = [];
  const result = forEachFrame(buf, (start, end) => messages.push(buf.toString('utf8', start, end)));
  return { messages, ...result };
}

const app = (text: string) => `<190>1 2026-11-23T10:00:00+00:00 host app web.1 - ${text}\n`;

describe('logplex framing', () => {
  it('splits the two example frames of the spec (324 bytes) by their octet counts', () => {
    expect(Buffer.byteLength(SPEC_EXAMPLE_BODY)).to.equal(324);
    const { messages, frames, badFrames } = messagesOf(SPEC_EXAMPLE_BODY);
    expect(frames).to.equal(2);
    expect(badFrames).to.equal(0);
    expect(messages[0]).to.equal('<40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up');
    expect(messages[1]).to.match(/^<158>1 2015-04-02T11:52:34.520012\+00:00 host heroku router - at=info .* bytes=828$/);
  });

  it('counts bytes, not characters, for multi-byte UTF-8', () => {
    const body = logplexBody([app('grüße 日本語 🎉'), app('next')]);
    const { messages, badFrames } = messagesOf(body);
    expect(badFrames).to.equal(0);
    expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['grüße 日本語 🎉', 'next']);
  });

  it('separates an L10 notice glued to the next frame without a newline (logplex issue 105)', () => {
    const { messages, frames, badFrames } = messagesOf(L10_GLUED_BODY);
    expect(frames).to.equal(2);
    expect(badFrames).to.equal(0);
    expect(messages[0]).to.match(/messages dropped since 2014-11-07T23:29:45\+00:00\.$/);
    expect(messages[1]).to.match(/^<45>1 .* State changed from starting to up$/);
  });

  it('keeps newlines embedded inside an octet-counted message', () => {
    const { messages, frames } = messagesOf(logplexBody([app('line one\nline two\n  at Foo.bar'), app('after')]));
    expect(frames).to.equal(2);
    expect(messages[0]).to.match(/line one\nline two\n {2}at Foo\.bar$/);
  });

  it('falls back to newline framing when frames carry no length prefix', () => {
    const { messages, frames, badFrames } = messagesOf(app('one') + app('two') + app('three'));
    expect(frames).to.equal(3);
    expect(badFrames).to.equal(0);
    expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['one', 'two', 'three']);
  });

  it('accepts newlines between octet-counted frames, and a mix of both framings', () => {
    const body = `${logplexBody([app('one')]).toString()}\r\n${app('two')}${logplexBody([app('three')]).toString()}`;
    const { messages, badFrames } = messagesOf(body);
    expect(badFrames).to.equal(0);
    expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['one', 'two', 'three']);
  });

  for (const [label, delta] of [
    ['too small', -7],
    ['too large', 9],
    ['far too large', 5000],
  ] as const) {
    it(`resynchronises after a length prefix that is ${label}, keeping the frames after it`, () => {
      const bad = Buffer.from(app('broken frame'));
      const body = Buffer.concat([
        logplexBody([app('first')]),
        Buffer.from(`${bad.length + delta} `),
        bad,
        logplexBody([app('third'), app('fourth')]),
      ]);
      const { messages, badFrames } = messagesOf(body);
      expect(badFrames).to.equal(1);
      expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['first', 'broken frame', 'third', 'fourth']);
    });
  }

  it('skips stray bytes between frames as one bad frame', () => {
    const body = Buffer.concat([logplexBody([app('one')]), Buffer.from('garbage!! '), logplexBody([app('two')])]);
    const { messages, frames, badFrames } = messagesOf(body);
    expect(frames).to.equal(2);
    expect(badFrames).to.equal(1);
    expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['one', 'two']);
  });

  it('does not let an over-long length prefix swallow the next frame whose newline its claimed end lands on', () => {
    const [first, second, third] = [Buffer.from(app('first')), Buffer.from(app('second')), Buffer.from(app('third'))];
    const secondFrame = logplexBody([second]);
    for (const swallowed of [Buffer.concat([secondFrame, logplexBody([third])]), secondFrame]) {
      // The claim covers the next frame (and, in the second case, ends the body).
      const claim = first.length + secondFrame.length;
      const body = Buffer.concat([Buffer.from(`${claim} `), first, swallowed]);
      const { messages, frames, badFrames } = messagesOf(body);
      expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(swallowed === secondFrame ? ['first', 'second'] : ['first', 'second', 'third']);
      expect(badFrames).to.equal(1);
      expect(frames).to.equal(messages.length);
    }
  });

  it('does not trust a length prefix whose message does not start like a syslog message', () => {
    const { messages, frames, badFrames } = messagesOf(Buffer.concat([logplexBody(['hello world\n', app('next')])]));
    expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['next']);
    expect([frames, badFrames]).to.deep.equal([2, 1]);
  });

  for (const [label, stray] of [
    ['a newline and spaces', 'garbage\n   '],
    ['a newline and a tab', 'garbage\n\t'],
    ['a space', 'garbage '],
    ['a tab', 'garbage\t'],
    ['a carriage return', 'garbage\r'],
  ] as const) {
    it(`finds a bare frame after stray bytes and ${label}`, () => {
      const { messages, badFrames } = messagesOf(Buffer.concat([logplexBody([app('one')]), Buffer.from(stray), Buffer.from(app('bare')), logplexBody([app('two')])]));
      expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['one', 'bare', 'two']);
      expect(badFrames).to.equal(1);
    });
  }

  it('reads a bare frame after leading spaces and tabs', () => {
    const { messages, badFrames } = messagesOf(` \t ${app('bare')}`);
    expect(messages.map((m) => m.split(' - ')[1])).to.deep.equal(['bare']);
    expect(badFrames).to.equal(0);
  });

  it('passes invalid UTF-8 through as bytes without losing the frame boundaries', () => {
    const broken = Buffer.concat([Buffer.from('<190>1 2026-11-23T10:00:00+00:00 host app web.1 - bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\n')]);
    const { frames, badFrames, messages } = messagesOf(logplexBody([broken, app('ok')]));
    expect(frames).to.equal(2);
    expect(badFrames).to.equal(0);
    expect(messages[1]).to.match(/ - ok$/);
  });

  it('handles a 10 KB message', () => {
    const long = app('x'.repeat(10_000));
    const { messages, badFrames } = messagesOf(logplexBody([long, app('after')]));
    expect(badFrames).to.equal(0);
    expect(messages[0]).to.have.length(long.length - 1);
    expect(messages[1]).to.match(/ - after$/);
  });

  it('finds nothing in an empty or blank body', () => {
    expect(messagesOf('')).to.deep.equal({ messages: [], frames: 0, badFrames: 0 });
    expect(messagesOf('\n\r\n')).to.deep.equal({ messages: [], frames: 0, badFrames: 0 });
  });

  it('takes a truncated last frame as a bad frame', () => {
    const body = Buffer.concat([logplexBody([app('one')]), Buffer.from('300 <190>1 2026-11-23T10:00:00+00:00 host app')]);
    const { messages, frames, badFrames } = messagesOf(body);
    expect(frames).to.equal(2);
    expect(badFrames).to.equal(1);
    expect(messages[0]).to.match(/ - one$/);
  });
});
