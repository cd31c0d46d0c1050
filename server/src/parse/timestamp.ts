import { BYTES } from './bytes.js';

const { COLON, DASH, DOT, LOWER_T, LOWER_Z, PLUS, UPPER_T, UPPER_Z, ZERO } = BYTES;
/**
 * RFC 3339 timestamps straight from the bytes: `2015-04-02T11:52:34.520012+00:00`,
 * `2010-10-06T21:51:37-07:00`, `…Z`. Fractions are optional and any length.
 */

/** Larger than any valid field, so every range check fails on it. */
const INVALID = 10_000;

/** The digit at `b[i]`, or a value above 9 when it is not one (unsigned shift: no NaN checks). */
function digit(b: Buffer, i: number): number {
  return ((b[i] as number) - ZERO) >>> 0;
}

/** Two digits as a number, or INVALID. */
function twoDigits(b: Buffer, i: number): number {
  const hi = digit(b, i);
  const lo = digit(b, i + 1);
  return hi > 9 || lo > 9 ? INVALID : hi * 10 + lo;
}

function zoneOffsetMinutes(b: Buffer, at: number, end: number): number {
  const sign = b[at];
  if ((sign === UPPER_Z || sign === LOWER_Z) && end === at + 1) return 0;
  if (sign !== PLUS && sign !== DASH) return NaN;
  const hours = twoDigits(b, at + 1);
  const minutes = end === at + 6 && b[at + 3] === COLON ? twoDigits(b, at + 4) : end === at + 5 ? twoDigits(b, at + 3) : NaN;
  if (hours > 23 || !(minutes <= 59)) return NaN;
  return (sign === DASH ? -1 : 1) * (hours * 60 + minutes);
}

/** Unix milliseconds (UTC) of the timestamp in `b[start, end)`, or NaN when it is not RFC 3339. */
export function parseTimestamp(b: Buffer, start: number, end: number): number {
  if (end - start < 20 || b[start + 4] !== DASH || b[start + 7] !== DASH || b[start + 13] !== COLON || b[start + 16] !== COLON) {
    return NaN;
  }
  const sep = b[start + 10];
  if (sep !== UPPER_T && sep !== LOWER_T) return NaN;
  const year = twoDigits(b, start) * 100 + twoDigits(b, start + 2);
  const month = twoDigits(b, start + 5);
  const day = twoDigits(b, start + 8);
  const hour = twoDigits(b, start + 11);
  const minute = twoDigits(b, start + 14);
  const second = twoDigits(b, start + 17);
  if (year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;

  let i = start + 19;
  let millis = 0;
  if (b[i] === DOT) {
    i++;
    const fractionStart = i;
    // Milliseconds from the first three digits; finer digits are read past.
    for (let scale = 100; i < end && digit(b, i) <= 9; i++, scale = scale > 1 ? scale / 10 : 0) millis += digit(b, i) * scale;
    if (i === fractionStart) return NaN;
  }
  const offset = zoneOffsetMinutes(b, i, end);
  if (Number.isNaN(offset)) return NaN;
  return hourStart(year, month, day, hour) + minute * 60_000 + second * 1000 + millis - offset * 60_000;
}

let lastHourKey = -1;
let lastHourStart = 0;

/** Date.UTC of the hour, remembered: consecutive lines nearly always share it. */
function hourStart(year: number, month: number, day: number, hour: number): number {
  const key = ((year * 13 + month) * 32 + day) * 24 + hour;
  if (key !== lastHourKey) {
    lastHourKey = key;
    lastHourStart = Date.UTC(year, month - 1, day, hour);
  }
  return lastHourStart;
}
