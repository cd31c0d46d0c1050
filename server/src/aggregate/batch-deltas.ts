import type { ParsedBody } from '../parse/drain-body.js';
import type { RouterRequest } from '../parse/router-line.js';
import { ALERT_MINUTE_DIMENSIONS, LEVEL_DIMENSIONS } from '../model/levels.js';
import type { CountDelta } from '../model/counts.js';
import type { Dimension, Level } from '../model/levels.js';
import { dayBucketOf } from './day-buckets.js';
import type { KeyOf } from './key-cap.js';
import { SERVICE_BIN_KEYS, serviceBinIndex } from '../model/service-histogram.js';
import { KEYED_DIMENSIONS, safeDimensionKey } from '../sanitise/dimension-key.js';
import type { KeyedDimension } from '../sanitise/dimension-key.js';

/**
 * One drain batch → the count increments it contributes. Lines are first tallied per minute
 * (one map lookup per line and dimension, statuses and service bins by number); the few minute tallies are then rolled up into
 * minute, hour (UTC) and day (local midnight) rows, each level holding the dimensions
 * `LEVEL_DIMENSIONS` gives it (minute rows: only the request series).
 */

interface MinuteTally {
  all: number;
  error: number;
  lost: number;
  keyed: Record<KeyedDimension, Map<string, number>>;
}

/** A key's count while lines are tallied: found once per line and dimension, then incremented. */
interface Counter {
  n: number;
}

/**
 * One minute's lines as they are read. Statuses and service bins are tallied by number
 * (-1: no status; the bin's index) and get their string keys once per minute, not per line.
 */
interface LineTally {
  all: number;
  error: number;
  lost: number;
  status: Map<number, Counter>;
  method: Map<string, Counter>;
  path: Map<string, Counter>;
  dyno: Map<string, Counter>;
  code: Map<string, Counter>;
  service: Map<number, Counter>;
}

export interface DeltaOptions {
  /** IANA zone whose midnight starts day buckets. */
  zone: string;
  /** The key cap's mapper for a day bucket and a UTC hour bucket. */
  keysFor(dayBucket: number, hourBucket: number): Promise<KeyOf>;
}

const minuteOf = (ms: number): number => Math.floor(ms / 60_000) * 60;

function add(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function count<K>(map: Map<K, Counter>, key: K): void {
  const counter = map.get(key);
  if (counter === undefined) map.set(key, { n: 1 });
  else counter.n++;
}

function newTally(): MinuteTally {
  const keyed = {} as Record<KeyedDimension, Map<string, number>>;
  for (const dim of KEYED_DIMENSIONS) keyed[dim] = new Map();
  return { all: 0, error: 0, lost: 0, keyed };
}

function newLineTally(): LineTally {
  return { all: 0, error: 0, lost: 0, status: new Map(), method: new Map(), path: new Map(), dyno: new Map(), code: new Map(), service: new Map() };
}

/** A router line is an error when it says `at=error` or the status is 5xx. */
export function isError(request: RouterRequest): boolean {
  return request.atError || (request.status !== null && request.status >= 500);
}

function tallyRequest(tally: LineTally, r: RouterRequest): void {
  tally.all++;
  if (isError(r)) tally.error++;
  count(tally.status, r.status === null ? -1 : r.status);
  count(tally.method, r.method);
  count(tally.path, r.path);
  count(tally.dyno, r.dyno);
  if (r.code !== '') count(tally.code, r.code);
  if (r.serviceMs !== null) count(tally.service, serviceBinIndex(r.serviceMs));
}

function tallyByMinute(parsed: ParsedBody): Map<number, LineTally> {
  const tallies = new Map<number, LineTally>();
  // Consecutive lines nearly always share their minute.
  let lastMinute = NaN;
  let last = newLineTally();
  const tallyAt = (ms: number): LineTally => {
    const minute = minuteOf(ms);
    if (minute === lastMinute) return last;
    let tally = tallies.get(minute);
    if (!tally) tallies.set(minute, (tally = newLineTally()));
    lastMinute = minute;
    last = tally;
    return tally;
  };
  for (const request of parsed.requests) tallyRequest(tallyAt(request.time), request);
  for (const lost of parsed.lost) tallyAt(lost.time).lost += lost.count;
  return tallies;
}

const statusKeys: string[] = [];
/** The status's key ('' for none), one string per status. */
function statusKey(status: number): string {
  if (status < 0) return '';
  return (statusKeys[status] ??= String(status));
}

/** The string key of a tallied key: statuses and service bins are tallied by number. */
function keyString(dim: KeyedDimension, key: string | number): string {
  if (typeof key === 'string') return key;
  return dim === 'status' ? statusKey(key) : (SERVICE_BIN_KEYS[key] as string);
}

/**
 * The tally with every key replaced by the key it is stored under: made safe for the stores
 * (`safeDimensionKey`), then capped (keys over a dimension's cap → (other)). Every key of every
 * count row passes here.
 */
function withStoredKeys(tally: LineTally, keyOf: KeyOf): MinuteTally {
  const keyed = {} as Record<KeyedDimension, Map<string, number>>;
  for (const dim of KEYED_DIMENSIONS) {
    const keys = new Map<string, number>();
    for (const [key, counter] of tally[dim] as Map<string | number, Counter>) add(keys, keyOf(dim, safeDimensionKey(dim, keyString(dim, key))), counter.n);
    keyed[dim] = keys;
  }
  return { all: tally.all, error: tally.error, lost: tally.lost, keyed };
}

/** Minute tallies of one hour or day, summed (the usual single tally is used as it is). */
function summed(tallies: readonly MinuteTally[]): MinuteTally {
  if (tallies.length === 1) return tallies[0] as MinuteTally;
  const sum = newTally();
  for (const t of tallies) {
    sum.all += t.all;
    sum.error += t.error;
    sum.lost += t.lost;
    for (const dim of KEYED_DIMENSIONS) for (const [key, n] of t.keyed[dim]) add(sum.keyed[dim], key, n);
  }
  return sum;
}

/** What the writer adds per level: what queries read, plus the alerts' minute rows of codes. */
const WRITTEN_DIMENSIONS: Readonly<Record<Level, readonly Dimension[]>> = {
  ...LEVEL_DIMENSIONS,
  minute: [...LEVEL_DIMENSIONS.minute, ...ALERT_MINUTE_DIMENSIONS],
};

/** One delta per non-zero (dimension, key) of the tally that `level` stores. */
function pushDeltas(out: CountDelta[], level: Level, bucket: number, tally: MinuteTally): void {
  for (const dim of WRITTEN_DIMENSIONS[level]) {
    if (dim === 'all' || dim === 'error' || dim === 'lost') {
      const n = tally[dim];
      if (n !== 0) out.push({ level, bucket, dim, key: '', n });
      continue;
    }
    for (const [key, n] of tally.keyed[dim]) if (n !== 0) out.push({ level, bucket, dim, key, n });
  }
}

function pushInto(groups: Map<number, MinuteTally[]>, bucket: number, tally: MinuteTally): void {
  const group = groups.get(bucket);
  if (group) group.push(tally);
  else groups.set(bucket, [tally]);
}

/**
 * The count deltas of one parsed batch, with keys made safe and capped per resource-day and hour: one delta
 * per (level, bucket, dimension, key). Minute buckets are the tallies themselves; hour and day
 * buckets sum the tallies of their minutes (a batch usually spans one or two minutes, so there
 * is little to sum, and no string keys are built to find equal rows).
 */
export async function batchDeltas(parsed: ParsedBody, options: DeltaOptions): Promise<CountDelta[]> {
  const deltas: CountDelta[] = [];
  const hours = new Map<number, MinuteTally[]>();
  const days = new Map<number, MinuteTally[]>();
  const keysByHour = new Map<string, KeyOf>();
  for (const [minute, rawTally] of tallyByMinute(parsed)) {
    const day = dayBucketOf(minute, options.zone);
    const hour = Math.floor(minute / 3600) * 3600;
    let keyOf = keysByHour.get(`${day}|${hour}`);
    if (!keyOf) keysByHour.set(`${day}|${hour}`, (keyOf = await options.keysFor(day, hour)));
    const tally = withStoredKeys(rawTally, keyOf);
    pushDeltas(deltas, 'minute', minute, tally);
    pushInto(hours, hour, tally);
    pushInto(days, day, tally);
  }
  for (const [hour, tallies] of hours) pushDeltas(deltas, 'hour', hour, summed(tallies));
  for (const [day, tallies] of days) pushDeltas(deltas, 'day', day, summed(tallies));
  return deltas;
}
