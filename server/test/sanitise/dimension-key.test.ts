import { expect } from 'chai';
import { KEYED_DIMENSIONS, MAX_KEY_LENGTH, safeDimensionKey } from '../../src/sanitise/dimension-key.js';

describe('safeDimensionKey', () => {
  for (const [dim, key, safe] of [
    ['path', '/users/:id', '/users/:id'],
    ['path', '/café/日本', '/café/日本'],
    ['path', '/\u0000', '/%00'],
    ['path', '/a\u0000b\u0001\u001f\u007f', '/a%00b%01%1F%7F'],
    ['path', '/tab\there\nline', '/tab%09here%0Aline'],
    ['path', '/lone\ud800surrogate', '/lone\ufffdsurrogate'],
    ['path', '/low\udc00first', '/low\ufffdfirst'],
    ['path', '/pair\ud83d\ude00ok', '/pair\ud83d\ude00ok'],
    ['method', 'G\u0000T', 'G%00T'],
    ['dyno', 'web\u0000.1', 'web%00.1'],
    ['method', 'M'.repeat(3000), `${'M'.repeat(23)}…`],
    ['code', 'H12', 'H12'],
    ['status', '', ''],
  ] as const) {
    it(`${dim} ${JSON.stringify(key.length > 40 ? `${key.slice(0, 10)}… (${key.length})` : key)} → ${JSON.stringify(safe)}`, () => {
      expect(safeDimensionKey(dim, key)).to.equal(safe);
    });
  }

  it('caps every dimension and never cuts a surrogate pair in half', () => {
    for (const dim of KEYED_DIMENSIONS) {
      const max = MAX_KEY_LENGTH[dim];
      expect(safeDimensionKey(dim, 'x'.repeat(max))).to.have.length(max);
      expect(safeDimensionKey(dim, 'x'.repeat(max + 1))).to.equal(`${'x'.repeat(max - 1)}…`);
    }
    const emoji = safeDimensionKey('path', `/${'\ud83d\ude00'.repeat(150)}`);
    expect(emoji.length).to.be.at.most(MAX_KEY_LENGTH.path);
    expect(emoji).to.equal(`/${'\ud83d\ude00'.repeat(99)}…`);
    expect(safeDimensionKey('path', `//${'\ud83d\ude00'.repeat(150)}`)).to.equal(`//${'\ud83d\ude00'.repeat(98)}…`);
  });

  it('gives keys that are valid UTF-8 without NUL, and is idempotent', () => {
    const keys = ['/\u0000\ud800x', 'é'.repeat(500), '\udfff'.repeat(70), `${'a'.repeat(198)}\ud83d\ude00`];
    for (const dim of KEYED_DIMENSIONS) {
      for (const key of keys) {
        const safe = safeDimensionKey(dim, key);
        expect(safe).not.to.include('\u0000');
        expect(Buffer.from(safe, 'utf8').toString('utf8')).to.equal(safe);
        expect(safeDimensionKey(dim, safe)).to.equal(safe);
      }
    }
  });
});
