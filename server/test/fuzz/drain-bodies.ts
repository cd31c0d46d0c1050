import fc from 'fast-check';

/**
 * Drain bodies for property-based tests: good frames (router lines with hostile values, app
 * lines, L10 notices) mixed with damage (garbage, wrong length prefixes, truncated frames,
 * separators, hostile L10 counts), each body with what it must count: the oracle is built with
 * the body, from tables of values and the keys they are counted under, not by parsing.
 */

export const FUZZ_TIME = '2026-11-23T10:15:30.000000+00:00';
/** The UTC hour the fuzz lines fall in (unix seconds). */
export const FUZZ_HOUR = Date.parse('2026-11-23T10:00:00Z') / 1000;

/** Raw path (as the router logs it) → the key it is counted under. */
const PATHS: readonly [Buffer, string][] = [
  [Buffer.from('/'), '/'],
  [Buffer.from('/users/42?page=2'), '/users/:id'],
  [Buffer.from('/%00'), '/%00'],
  [Buffer.from('/a\u0000b'), '/a%00b'],
  [Buffer.from('/caf%C3%A9'), '/café'],
  [Buffer.from('/日本/9f8e7d6c-5b4a-3210-fedc-ba9876543210'), '/日本/:id'],
  [Buffer.from('/%ED%A0%80'), '/%ED%A0%80'],
  [Buffer.from([0x2f, 0x78, 0xff, 0xfe]), '/x\ufffd\ufffd'],
  [Buffer.from(`/${'x'.repeat(3000)}`), `/${'x'.repeat(198)}…`],
  [Buffer.from('/q<158>?x=%00'), '/q<158>'],
];

/** Raw method → key. */
const METHODS: readonly [Buffer, string][] = [
  [Buffer.from('GET'), 'GET'],
  [Buffer.from('POST'), 'POST'],
  [Buffer.from('G\u0000T'), 'G%00T'],
  [Buffer.from([0x47, 0xc9, 0x54]), 'G\ufffdT'],
  [Buffer.from('M'.repeat(3000)), `${'M'.repeat(23)}…`],
];

/** What a body must add to its resource's counts. */
export interface Expected {
  requests: number;
  lost: number;
  /** Hour counts per `dim=key` (path and method). */
  keys: Map<string, number>;
  /** Parse errors the body certainly causes (hostile L10 counts). */
  certainErrors: number;
  /** The body holds damage: parse errors may be more than certainErrors. */
  damaged: boolean;
}

interface Piece {
  bytes: Buffer;
  /** A length prefix that claims this many bytes after it, more than the message has (damage). */
  overLongClaim?: { prefixLength: number; claim: number };
  /** Router lines this piece counts (its content is intact). */
  request?: { path: string; method: string };
  lost?: number;
  certainErrors?: number;
  damaged?: boolean;
  /** The piece ends with a newline, so a bare frame may follow it. */
  endsLine: boolean;
  /** The next piece starts on a new line (after a frame cut short, whose digits would join the next prefix). */
  newlineAfter?: boolean;
}

let requestSeq = 0;

function routerMessage(path: Buffer, method: Buffer, status: number, error: boolean): Buffer {
  const id = String(++requestSeq).padStart(12, '0');
  const at = error ? `at=error code=H12 desc="Request timeout"` : 'at=info';
  return Buffer.concat([
    Buffer.from(`<158>1 ${FUZZ_TIME} host heroku router - ${at} method=`),
    method,
    Buffer.from(' path="'),
    path,
    Buffer.from(`" host=app.herokuapp.com request_id=16e66b60-d846-404a-a8b8-${id} fwd="1.2.3.4" dyno=web.1 connect=0ms service=12ms status=${status} bytes=10 protocol=https\n`),
  ]);
}

const prefixed = (message: Buffer, length = message.length): Buffer => Buffer.concat([Buffer.from(`${length} `), message]);

const routerArb = fc.record({
  path: fc.integer({ min: 0, max: PATHS.length - 1 }),
  method: fc.integer({ min: 0, max: METHODS.length - 1 }),
  status: fc.integer({ min: 100, max: 599 }),
  error: fc.boolean(),
});

type RouterSpec = fc.Arbitrary<{ message: Buffer; request: { path: string; method: string } }>;
const router: RouterSpec = routerArb.map(({ path, method, status, error }) => {
  const [rawPath, pathKey] = PATHS[path] as [Buffer, string];
  const [rawMethod, methodKey] = METHODS[method] as [Buffer, string];
  return { message: routerMessage(rawPath, rawMethod, status, error), request: { path: pathKey, method: methodKey } };
});

const appText = fc.uint8Array({ minLength: 0, maxLength: 60 }).map((bytes) => Buffer.from(bytes.map((b) => (b === 0x0a ? 0x20 : b))));

const goodRouter = router.map(({ message, request }): Piece => ({ bytes: prefixed(message), request, endsLine: true }));
const bareRouter = router.map(({ message, request }): Piece => ({ bytes: message, request, endsLine: true }));
const appLine = appText.map(
  (text): Piece => ({ bytes: prefixed(Buffer.concat([Buffer.from(`<190>1 ${FUZZ_TIME} host app web.1 - `), text, Buffer.from('\n')])), endsLine: true }),
);
const l10 = (count: string) => Buffer.from(`<172>1 ${FUZZ_TIME} host heroku logplex - Error L10 (output buffer overflow): ${count} messages dropped since ${FUZZ_TIME}.\n`);
const lostLines = fc.integer({ min: 1, max: 1_000_000_000 }).map((n): Piece => ({ bytes: prefixed(l10(String(n))), lost: n, endsLine: true }));
const hostileL10 = fc
  .constantFrom('9223372036854775808', '9'.repeat(400), '1000000001', '18446744073709551616')
  .map((count): Piece => ({ bytes: prefixed(l10(count)), certainErrors: 1, endsLine: true }));

/** A router line whose length prefix is wrong (short, long, far too long, zero, negative, 7 digits): still counted. */
const wrongPrefix = fc
  .tuple(router, fc.oneof(fc.integer({ min: -400, max: -1 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom(5000, 999_999)), fc.constantFrom('delta', 'zero', 'negative', 'seven digits'))
  .map(([{ message, request }, delta, kind]): Piece => {
    const length = kind === 'zero' ? '0' : kind === 'negative' ? '-5' : kind === 'seven digits' ? '9999999' : String(Math.max(1, message.length + delta));
    const overLongClaim = kind === 'delta' && Number(length) > message.length ? { prefixLength: length.length + 1, claim: Number(length) } : undefined;
    return { bytes: Buffer.concat([Buffer.from(`${length} `), message]), request, damaged: true, endsLine: true, overLongClaim };
  });

/** A router frame cut before its header names the router: no request, whatever follows. */
const truncated = router.chain(({ message }) => {
  const limit = message.indexOf('heroku router') + 'heroku route'.length;
  return fc.integer({ min: 1, max: limit }).map(
    (cut): Piece => ({
      bytes: prefixed(message.subarray(0, cut), message.length),
      damaged: true,
      endsLine: false,
      newlineAfter: true,
      overLongClaim: { prefixLength: `${message.length} `.length, claim: message.length },
    }),
  );
});

/**
 * Stray bytes. A final digit is replaced: it would join the next frame's length prefix, making
 * a longer claim that may end exactly on a later frame (a frame holding glued frames, see
 * isAmbiguous).
 */
const garbage = fc.uint8Array({ minLength: 1, maxLength: 80 }).map((bytes): Piece => {
  const last = bytes.at(-1) as number;
  if (last >= 0x30 && last <= 0x39) bytes[bytes.length - 1] = 0x78;
  return { bytes: Buffer.from(bytes), damaged: true, endsLine: bytes.at(-1) === 0x0a };
});
const separators = fc
  .array(fc.constantFrom(0x0a, 0x0d, 0x20, 0x09), { minLength: 1, maxLength: 4 })
  .map((bytes): Piece => ({ bytes: Buffer.from(bytes), endsLine: true }));
/** Many app lines: bodies close to 1 MiB (1 piece in ~400). */
const filler = fc.integer({ min: 1000, max: 9000 }).map((n): Piece => {
  const line = prefixed(Buffer.from(`<190>1 ${FUZZ_TIME} host app web.2 - ${'f'.repeat(80)}\n`));
  return { bytes: Buffer.concat(Array(n).fill(line)), endsLine: true };
});

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 160, arbitrary: goodRouter },
  { weight: 40, arbitrary: bareRouter },
  { weight: 40, arbitrary: appLine },
  { weight: 20, arbitrary: lostLines },
  { weight: 20, arbitrary: hostileL10 },
  { weight: 40, arbitrary: wrongPrefix },
  { weight: 20, arbitrary: truncated },
  { weight: 40, arbitrary: garbage },
  { weight: 20, arbitrary: separators },
  { weight: 1, arbitrary: filler },
);

export interface FuzzBody {
  body: Buffer;
  expected: Expected;
  /** An over-long length prefix that octet counting cannot tell from a frame holding glued frames. */
  ambiguous: boolean;
}

export const MAX_BODY_BYTES = 1024 * 1024;

const isSeparator = (byte: number | undefined) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09;
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** `<PRI>1 ` at `at` (the syslog start every Logplex message has). */
function syslogAt(body: Buffer, at: number): boolean {
  let i = at + 1;
  while (isDigit(body[i]) && i - at <= 3) i++;
  return body[at] === 0x3c && i > at + 1 && i - at <= 4 && body[i] === 0x3e && body[i + 1] === 0x31 && body[i + 2] === 0x20;
}

/** After separators, `<PRI>1 ` or `<digits> <PRI>1 ` at `at`; or, with `prefixOnly`, just `<digits> `. */
function frameAt(body: Buffer, at: number, prefixOnly = false): boolean {
  let i = at;
  while (isSeparator(body[i])) i++;
  if (!prefixOnly && body[i] === 0x3c) return syslogAt(body, i);
  let d = i;
  while (isDigit(body[d])) d++;
  if (d === i || body[d] !== 0x20) return false;
  return prefixOnly ? d - i <= 6 : syslogAt(body, d + 1);
}

/**
 * A prefix that claims more than its message, ends where a frame follows (or the body ends)
 * and covers no line that starts a frame is a frame holding the pieces it covers: octet
 * counting cannot tell it from one (Logplex puts one line in a message, and a line's content is
 * not to be trusted), so such bodies are not generated.
 */
function isAmbiguous(body: Buffer, starts: readonly number[], pieces: readonly Piece[]): boolean {
  return pieces.some((p, i) => {
    if (!p.overLongClaim) return false;
    const start = (starts[i] as number) + p.overLongClaim.prefixLength;
    const end = start + p.overLongClaim.claim;
    if (end > body.length) return false;
    let after = end;
    while (isSeparator(body[after])) after++;
    const endsFrame = after === body.length || frameAt(body, end) || (body[end - 1] === 0x0a && frameAt(body, end, true));
    if (!endsFrame) return false;
    for (let lf = body.indexOf(0x0a, start); lf >= 0 && lf < end - 1; lf = body.indexOf(0x0a, lf + 1)) if (frameAt(body, lf + 1)) return false;
    return true;
  });
}

/**
 * Assembles pieces into a body. A bare frame is recognised only at a line's start (or after a
 * space or tab), so one that would follow a piece not ending a line gets a newline first; a
 * length-prefixed piece after damage needs nothing. Pieces past 1 MiB are left out.
 */
function assemble(pieces: readonly Piece[]): FuzzBody {
  const parts: Buffer[] = [];
  const starts: number[] = [];
  const kept: Piece[] = [];
  const expected: Expected = { requests: 0, lost: 0, keys: new Map(), certainErrors: 0, damaged: false };
  const add = (key: string) => expected.keys.set(key, (expected.keys.get(key) ?? 0) + 1);
  let size = 0;
  let atLineStart = true;
  let newline = false;
  for (const p of pieces) {
    const bare = p.request !== undefined && p.bytes[0] === 0x3c;
    const bytes = newline || (bare && !atLineStart) ? Buffer.concat([Buffer.from('\n'), p.bytes]) : p.bytes;
    if (size + bytes.length > MAX_BODY_BYTES) continue;
    parts.push(bytes);
    // Where the piece's own bytes start (after a newline put before it).
    kept.push(p);
    starts.push(size + bytes.length - p.bytes.length);
    size += bytes.length;
    atLineStart = p.endsLine;
    newline = p.newlineAfter === true;
    if (p.request) {
      expected.requests++;
      add(`path=${p.request.path}`);
      add(`method=${p.request.method}`);
    }
    expected.lost += p.lost ?? 0;
    expected.certainErrors += p.certainErrors ?? 0;
    expected.damaged ||= p.damaged === true;
  }
  const body = Buffer.concat(parts);
  return { body, expected, ambiguous: isAmbiguous(body, starts, kept) };
}

export const drainBody: fc.Arbitrary<FuzzBody> = fc
  .array(piece, { minLength: 0, maxLength: 30 })
  .map(assemble)
  .filter((b) => !b.ambiguous);
