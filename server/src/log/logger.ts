/**
 * The one logger: one logfmt line per event, `at=<level> msg=<what> key=value …`, written to an
 * injectable sink (stdout in production; tests collect the lines).
 *
 *   log.info('commit', { batches: 3, ms: 1.2 })  →  at=info msg=commit batches=3 ms=1.2
 *
 * Every value is escaped so that one event stays one line whatever a request put into it:
 * newlines, NUL and other control characters become `\n`, `\u0000`, …; an Error becomes its
 * message plus its stack as one escaped field. A password in a URL's userinfo (a DATABASE_URL in
 * a driver's error) is replaced by `[redacted]` as a last line of defence; the first is that
 * callers never pass headers, query strings or config to the logger.
 */

export type LogLevel = 'info' | 'warn' | 'error';
export type LogValue = string | number | boolean | bigint | null | undefined | Date | Error;
export type LogFields = Readonly<Record<string, LogValue>>;
/** Receives one finished line, without a trailing newline. */
export type LogSink = (line: string) => void;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** For a process that cannot start: the one line goes where a failing command's message goes. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

export const REDACTED = '[redacted]';

const USERINFO_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;

/** `scheme://user:password@host` → `scheme://user:[redacted]@host`. */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO_PASSWORD, `$1:${REDACTED}@`);
}

// C0 controls, DEL, C1 controls and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// eslint-disable-next-line no-control-regex
const BARE_VALUE = /^[^\s"=\\\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/;

function escapeChar(c: string): string {
  return NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A logfmt value: bare when it can be, else double-quoted with `"`, `\` and controls escaped. */
export function formatValue(text: string): string {
  const clean = redactCredentials(text);
  if (BARE_VALUE.test(clean)) return clean;
  return `"${clean.replace(/["\\]/g, (c) => `\\${c}`).replace(UNPRINTABLE, escapeChar)}"`;
}

/** Keys come from code, but stay logfmt keys whatever a caller passes (`#` for l2met's `sample#…`). */
function formatKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.#-]/g, '_') || '_';
}

function stackKey(key: string): string {
  return key === 'error' ? 'stack' : `${key}_stack`;
}

function pair(key: string, text: string): string {
  return `${formatKey(key)}=${formatValue(text)}`;
}

function fieldPairs(key: string, value: LogValue): string[] {
  if (value instanceof Error) {
    const pairs = [pair(key, value.message)];
    if (value.stack) pairs.push(pair(stackKey(key), value.stack));
    return pairs;
  }
  if (value instanceof Date) return [pair(key, value.toISOString())];
  if (value === undefined || value === null) return [`${formatKey(key)}=`];
  return [pair(key, String(value))];
}

/** The line for one event; `at` and `msg` always come first and cannot be overridden. */
export function formatLine(level: LogLevel, msg: string, fields: LogFields = {}): string {
  const pairs = [`at=${level}`, pair('msg', msg)];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'at' || key === 'msg') continue;
    pairs.push(...fieldPairs(key, value));
  }
  return pairs.join(' ');
}

/** The message of anything thrown, for a field that should not carry a stack. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createLogger(sink: LogSink = stdoutSink): Logger {
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => sink(formatLine(level, msg, fields));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** A sink that ends every line with the same fields: each cluster worker's lines say `worker=N`. */
export function taggedSink(sink: LogSink, fields: LogFields): LogSink {
  const tail = Object.entries(fields)
    .flatMap(([key, value]) => fieldPairs(key, value))
    .join(' ');
  return (line) => sink(`${line} ${tail}`);
}
