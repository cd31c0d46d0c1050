/**
 * Two different paths that the parser's byte caches hashed alike: the same length, the same
 * multiply-by-31 hash (built from blocks `Aa` and `BB`, which hash alike), and the same 32-bit
 * FNV-1a hash (found by the birthday bound among such paths, in well under a second). Not
 * id-like, so the path normaliser caches them as they are.
 */
export function collidingPaths(): [string, string] {
  const fnv1a = (s: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h | 0;
  };
  const seen = new Map<number, string>();
  for (let n = 0; n < 1 << 22; n++) {
    let path = '/';
    for (let block = 0; block < 22; block++) path += (n >> block) & 1 ? 'BB' : 'Aa';
    const other = seen.get(fnv1a(path));
    if (other !== undefined) return [other, path];
    seen.set(fnv1a(path), path);
  }
  throw new Error('no collision found');
}
