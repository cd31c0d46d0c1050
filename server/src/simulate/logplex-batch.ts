import type { LogLine } from './router-traffic.js';
import { isRouterLine } from './router-traffic.js';
import type { Random } from './seeded-random.js';

/**
 * Logplex HTTPS-drain request bodies, as Logplex sends them (spec 4.1–4.3): octet-counted
 * frames `<len> <PRI>1 TIMESTAMP host APPNAME PROCID - MSG\n`, where len counts the BYTES of
 * everything after the space, the trailing newline included. No separator between frames.
 */

/** Logplex's `http_drain_target_bytes`: a batch closes once its body reaches this size. */
export const TARGET_BODY_BYTES = 102_400;
export const LOGPLEX_USER_AGENT = 'Logplex/v123';

export interface LogplexBatch {
  body: Buffer;
  /** The headers Logplex sends (Content-Length is left to the HTTP client). */
  headers: Record<string, string>;
  frames: number;
  /** Frames that are router lines, i.e. requests Vanity should count. */
  routerLines: number;
  /** Lines reported dropped by L10 frames in this batch. */
  lostLines: number;
}

export interface BatchOptions {
  frameId: string;
  /** `d.<uuid>`; omitted from the headers when absent. */
  drainToken?: string;
}

// Formatting the date part once per second keeps encoding cheap for benchmark-sized input.
let cachedSecond = NaN;
let cachedPrefix = '';

/** RFC 3339 with microseconds and offset, e.g. `2015-04-02T11:52:34.520012+00:00`. */
export function syslogTime(timeUs: number): string {
  const second = Math.floor(timeUs / 1_000_000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${cachedPrefix}${String(timeUs % 1_000_000).padStart(6, '0')}+00:00`;
}


/** One octet-counted frame. */
export function encodeFrame(line: LogLine): string {
  const msg = `<${line.pri}>1 ${syslogTime(line.timeUs)} host ${line.appName} ${line.procId} - ${line.message}\n`;
  return `${Buffer.byteLength(msg)} ${msg}`;
}

/** The synthetic first frame Logplex adds when its buffer overflowed (error L10). */
export function overflowLine(timeUs: number, dropped: number, sinceUs: number): LogLine {
  const since = `${new Date(Math.floor(sinceUs / 1000)).toISOString().slice(0, 19)}+00:00`;
  return {
    timeUs,
    pri: 172,
    appName: 'heroku',
    procId: 'logplex',
    message: `Error L10 (output buffer overflow): ${dropped} messages dropped since ${since}.`,
  };
}

const L10_DROPPED = /^Error L10 \(output buffer overflow\): (\d+) messages dropped/;

/** 32 upper-case hex digits, like Logplex's MD5-based frame ids. */
export function frameId(random: Random): string {
  return random.hex(32).toUpperCase();
}

export function logplexHeaders(frames: number, options: BatchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/logplex-1',
    'logplex-msg-count': String(frames),
    'logplex-frame-id': options.frameId,
    'user-agent': LOGPLEX_USER_AGENT,
  };
  if (options.drainToken) headers['logplex-drain-token'] = options.drainToken;
  return headers;
}

/** Accumulates frames for one body; `bytes` tells when the target size is reached. */
export interface BatchBuilder {
  add(line: LogLine): void;
  readonly bytes: number;
  readonly frames: number;
  finish(options: BatchOptions): LogplexBatch;
}

export function batchBuilder(): BatchBuilder {
  const parts: string[] = [];
  let bytes = 0;
  let routerLines = 0;
  let lostLines = 0;
  return {
    add(line) {
      const frame = encodeFrame(line);
      parts.push(frame);
      bytes += Buffer.byteLength(frame);
      if (isRouterLine(line)) routerLines++;
      else if (line.procId === 'logplex') lostLines += Number(L10_DROPPED.exec(line.message)?.[1] ?? 0);
    },
    get bytes() {
      return bytes;
    },
    get frames() {
      return parts.length;
    },
    finish(options) {
      const body = Buffer.from(parts.join(''), 'utf8');
      return { body, headers: logplexHeaders(parts.length, options), frames: parts.length, routerLines, lostLines };
    },
  };
}

export function encodeBatch(lines: readonly LogLine[], options: BatchOptions): LogplexBatch {
  const builder = batchBuilder();
  for (const line of lines) builder.add(line);
  return builder.finish(options);
}
