import { expect } from 'chai';
import { parseTimestamp } from '../../src/parse/timestamp.js';

const parse = (text: string) => parseTimestamp(Buffer.from(text), 0, Buffer.byteLength(text));

describe('parseTimestamp', () => {
  for (const [text, iso] of [
    ['2015-04-02T11:52:34.520012+00:00', '2015-04-02T11:52:34.520Z'],
    ['2012-11-30T06:45:29+00:00', '2012-11-30T06:45:29.000Z'],
    ['2010-10-06T21:51:37-07:00', '2010-10-07T04:51:37.000Z'],
    ['2026-11-23T23:59:59.9+05:45', '2026-11-23T18:14:59.900Z'],
    ['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T10:00:00.5z', '2026-11-23T10:00:00.500Z'],
    ['2026-11-23T10:00:00-0330', '2026-11-23T13:30:00.000Z'],
    ['2026-11-23T10:00:00.999999999+00:00', '2026-11-23T10:00:00.999Z'],
  ] as const) {
    it(`reads ${text} as ${iso}`, () => {
      expect(new Date(parse(text)).toISOString()).to.equal(iso);
    });
  }

  it('crosses hour boundaries correctly when consecutive lines differ', () => {
    expect(parse('2026-11-23T10:59:59Z')).to.equal(Date.UTC(2026, 10, 23, 10, 59, 59));
    expect(parse('2026-11-23T11:00:00Z')).to.equal(Date.UTC(2026, 10, 23, 11, 0, 0));
    expect(parse('2026-11-24T11:00:00Z')).to.equal(Date.UTC(2026, 10, 24, 11, 0, 0));
  });

  for (const text of [
    '',
    'yesterday',
    '2026-11-23',
    '2026-11-23T10:00:00',
    '2026-11-23 10:00:00Z',
    '2026-13-23T10:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T10:60:00Z',
    '2026-11-23T10:00:00.Z',
    '2026-11-23T10:00:00+5:00',
    '2026-11-23T10:00:00+05:00x',
    '2026-1a-23T10:00:00Z',
  ]) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(Number.isNaN(parse(text)), String(parse(text))).to.equal(true);
    });
  }
});
