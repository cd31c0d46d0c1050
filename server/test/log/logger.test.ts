import { expect } from 'chai';
import logfmt from 'logfmt';
import { createLogger, errorMessage, formatLine, formatValue, taggedSink } from '../../src/log/logger.js';

function collect() {
  const lines: string[] = [];
  return { lines, log: createLogger((line) => lines.push(line)) };
}

describe('log: the logfmt logger', () => {
  it('writes one line per event to its sink, level and message first', () => {
    const { lines, log } = collect();
    log.info('commit', { batches: 3, ms: 1.2 });
    log.warn('slow commit', { ms: 250 });
    log.error('commit failed', { resource: 'r1', retry: true });
    expect(lines).to.deep.equal([
      'at=info msg=commit batches=3 ms=1.2',
      'at=warn msg="slow commit" ms=250',
      'at=error msg="commit failed" resource=r1 retry=true',
    ]);
  });

  it('writes empty values for null and undefined, ISO times for dates, and quotes the empty string', () => {
    expect(formatLine('info', 'x', { a: null, b: undefined, c: new Date(Date.UTC(2026, 10, 23)), d: '', e: 10n })).to.equal(
      'at=info msg=x a= b= c=2026-11-23T00:00:00.000Z d="" e=10',
    );
  });

  it('keeps at and msg from being overridden by fields, and keys to logfmt key characters', () => {
    expect(formatLine('info', 'real', { at: 'error', msg: 'forged', 'a b=c"\n': 1 })).to.equal('at=info msg=real a_b_c__=1');
  });

  it('escapes quotes, backslashes, newlines, NUL and every other control character: one event, one line', () => {
    const hostile = 'a"b\\c\nd\re\tf\u0000g\u001bh\u007fi\u0085j\u2028k';
    const line = formatLine('warn', 'hostile', { path: hostile });
    expect(line).to.equal('at=warn msg=hostile path="a\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001bh\\u007fi\\u0085j\\u2028k"');
    // eslint-disable-next-line no-control-regex
    expect(line).not.to.match(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(logfmt.parse(line)).to.include({ at: 'warn', msg: 'hostile' });
  });

  it('leaves printable values bare, non-ASCII included, and quotes values with spaces or =', () => {
    expect(formatValue('/café/ü')).to.equal('/café/ü');
    expect(formatValue('a b')).to.equal('"a b"');
    expect(formatValue('a=b')).to.equal('"a=b"');
  });

  it('writes an Error as its message and its stack as one escaped field', () => {
    const { lines, log } = collect();
    const error = new Error('boom\nsecond line');
    log.error('unexpected error', { error, cause: new TypeError('inner') });
    expect(lines).to.have.length(1);
    const [line = ''] = lines;
    expect(line).not.to.include('\n');
    expect(line).to.match(/^at=error msg="unexpected error" error="boom\\nsecond line" stack="Error: boom\\nsecond line\\n {4}at .*" cause=inner cause_stack="TypeError: inner\\n/);
    expect(errorMessage(error)).to.equal('boom\nsecond line');
    expect(errorMessage('plain')).to.equal('plain');
  });

  it('redacts the password of any URL in a value (a DATABASE_URL in a driver error)', () => {
    const line = formatLine('error', 'migration failed', {
      error: 'could not connect to postgres://vanity:s3cr3t-pw@db.internal:5432/vanity?sslmode=require',
    });
    expect(line).to.equal('at=error msg="migration failed" error="could not connect to postgres://vanity:[redacted]@db.internal:5432/vanity?sslmode=require"');
  });

  it("tags every line of a sink with the same fields, after the event's own (a cluster worker: worker=2)", () => {
    const lines: string[] = [];
    const log = createLogger(taggedSink((line) => lines.push(line), { worker: 2 }));
    log.info('vanity listening', { port: 5000 });
    log.warn('odd', { note: 'a b' });
    expect(lines).to.deep.equal(['at=info msg="vanity listening" port=5000 worker=2', 'at=warn msg=odd note="a b" worker=2']);
  });
});
