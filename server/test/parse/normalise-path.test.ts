import { expect } from 'chai';
import { collidingPaths } from '../support/hash-collision.js';
import { MAX_PATH_KEY_LENGTH, normalisePath, normalisedPathOf } from '../../src/parse/normalise-path.js';

describe('normalisePath', () => {
  for (const [path, key] of [
    ['/', '/'],
    ['', '/'],
    ['/users', '/users'],
    ['/users/123', '/users/:id'],
    ['/users/123/posts/456?page=2', '/users/:id/posts/:id'],
    ['/orders/9f8e7d6c-5b4a-3210-FEDC-ba9876543210', '/orders/:id'],
    ['/blobs/507f1f77bcf86cd799439011', '/blobs/:id'],
    ['/commits/da39a3ee5e6b4b0d3255bfef95601890afd80709/files', '/commits/:id/files'],
    ['/assets/app.js#top', '/assets/app.js'],
    ['/deadbeef', '/deadbeef'],
    ['/facade', '/facade'],
    ['/v2/items', '/v2/items'],
    ['/caf%C3%A9', '/café'],
    ['/café', '/café'],
    ['/a%2Fb/c', '/a%2Fb/c'],
    ['/bad%E0%A4%A', '/bad%E0%A4%A'],
    ['/items/%31%32%33', '/items/:id'],
    ['http://example.com/users/7?x', '/users/:id'],
    ['/trailing/', '/trailing/'],
    ['/%00', '/%00'],
    ['/a%00b/%0A', '/a%00b/%0A'],
    ['/%ED%A0%80', '/%ED%A0%80'],
  ] as const) {
    it(`${JSON.stringify(path)} → ${JSON.stringify(key)}`, () => {
      expect(normalisePath(path)).to.equal(key);
    });
  }

  it(`cuts keys to ${MAX_PATH_KEY_LENGTH} characters`, () => {
    const key = normalisePath(`/${'x'.repeat(5000)}`);
    expect(key).to.have.length(MAX_PATH_KEY_LENGTH);
    expect(key.endsWith('…')).to.equal(true);
  });
});

describe('normalisedPathOf (cached, from bytes)', () => {
  it('gives the same key for the same bytes, and ignores the query string', () => {
    const a = Buffer.from('xx/users/1?a=1yy');
    const b = Buffer.from('/users/1?b=2');
    expect(normalisedPathOf(a, 2, a.length - 2).key).to.equal('/users/:id');
    expect(normalisedPathOf(b, 0, b.length).key).to.equal('/users/:id');
  });

  it('tells apart paths that share a prefix or a length', () => {
    const keys = ['/ab', '/ba', '/abc', '/a', '/b'].map((p) => normalisedPathOf(Buffer.from(p), 0, p.length).key);
    expect(keys).to.deep.equal(['/ab', '/ba', '/abc', '/a', '/b']);
  });

  it('tells apart paths whose hashes collide (the cache compares the bytes)', () => {
    const [a, b] = collidingPaths();
    expect([a, b, a].map((p) => normalisedPathOf(Buffer.from(p), 0, p.length).key)).to.deep.equal([a, b, a]);
  });

  it('decodes raw UTF-8 bytes', () => {
    const b = Buffer.from('/straße/日本');
    expect(normalisedPathOf(b, 0, b.length).key).to.equal('/straße/日本');
  });

  it('agrees with normalisePath on every mix of id-like and ordinary segments, cached by shape', () => {
    const segments = [
      '',
      'users',
      '42',
      '0',
      '9f8e7d6c-5b4a-3210-fedc-ba9876543210',
      '9F8E7D6C-5B4A-3210-FEDC-BA9876543210',
      '9f8e7d6c5b4a-3210-fedc-ba98-76543210',
      '9f8e7d6c-5b4a-3210-fedc-ba987654321g',
      '507f1f77bcf86cd799439011',
      'abcdefabcdef',
      'abcdef12345',
      'a1b2c3d4e5f6',
      '123abc',
      'v2',
      'app-5f1e2d3c4b5a6978.js',
      '%31%32',
      'caf%C3%A9',
      'straße',
      'x-y-z',
    ];
    const paths: string[] = [];
    for (const a of segments) for (const b of segments) paths.push(`/${a}/${b}`, `/${a}/${b}?q=${a}`, `/p/${a}/${b}/q`);
    // Twice: the second time every shape comes from the cache.
    for (const round of [1, 2]) {
      for (const path of paths) {
        const bytes = Buffer.from(path);
        expect(normalisedPathOf(bytes, 0, bytes.length).key, `${path} (round ${round})`).to.equal(normalisePath(path));
      }
    }
  });

  it('stops at a quote or backslash, and at a space unless the value is quoted', () => {
    const b = Buffer.from('/a/1 b"x');
    expect(normalisedPathOf(b, 0, b.length)).to.deep.equal({ key: '/a/:id', end: 4 });
    expect(normalisedPathOf(b, 0, b.length, true)).to.deep.equal({ key: '/a/1 b', end: 6 });
    const escaped = Buffer.from('/a\\"b');
    expect(normalisedPathOf(escaped, 0, escaped.length, true)).to.deep.equal({ key: '/a', end: 2 });
  });
});

