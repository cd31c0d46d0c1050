import type { IncomingHttpHeaders } from 'node:http';
import type { Ingestor } from '../aggregate/ingest.js';
import { headerValue } from '../http/headers.js';
import { HttpError } from '../http/json.js';
import { errorMessage } from '../log/logger.js';
import type { Logger } from '../log/logger.js';
import type { SelfMetrics } from '../metrics/self-metrics.js';
import type { Resource } from '../model/resource.js';
import { parseDrainBody } from '../parse/drain-body.js';
import type { ParsedBody } from '../parse/drain-body.js';
import { sha256Hex } from '../secrets.js';
import type { ResourceStore } from '../store/store.js';

/** Logplex aims at ~100 KiB per POST; anything above 1 MiB is not logplex. */
export const MAX_DRAIN_BODY_BYTES = 1024 * 1024;
/** The drain's body limit, for both the lean path and Express's route (`limitedBody`, `admitBody`). */
export const DRAIN_BODY_LIMIT = { maxBytes: MAX_DRAIN_BODY_BYTES, drain: true };
const MAX_FRAME_ID_LENGTH = 128;

export interface DrainDeps {
  store: ResourceStore;
  ingestor: Ingestor;
  log: Logger;
  metrics: SelfMetrics;
  /** The clock credential overlaps are judged by (tests move it). */
  now: () => Date;
}

/** Logplex-Frame-Id, or null when absent (Private Spaces); oversized ids are hashed to a fixed size. */
function frameIdOf(headers: IncomingHttpHeaders): string | null {
  const id = headerValue(headers, 'logplex-frame-id')?.trim();
  if (!id) return null;
  return id.length > MAX_FRAME_ID_LENGTH ? sha256Hex(id) : id;
}

function msgCountOf(headers: IncomingHttpHeaders): number | null {
  const count = headerValue(headers, 'logplex-msg-count')?.trim();
  return count && /^\d+$/.test(count) ? Number(count) : null;
}

/** A Logplex-Msg-Count that disagrees with the frames we found is one more parse error. */
function checkMsgCount(parsed: ParsedBody, msgCount: number | null): void {
  if (msgCount !== null && msgCount !== parsed.frames) parsed.parseErrors++;
}

function logParseErrors(log: Logger, resource: Resource, frameId: string | null, parsed: ParsedBody, msgCount: number | null): void {
  log.warn('drain batch with parse errors', {
    resource: resource.id,
    frame_id: frameId,
    msg_count: msgCount,
    frames: parsed.frames,
    parse_errors: parsed.parseErrors,
    requests: parsed.requests.length,
  });
}

function recordOutcome(metrics: SelfMetrics, resource: Resource, parsed: ParsedBody, status: number, duplicate = false): void {
  let lostLines = 0;
  for (const lost of parsed.lost) lostLines += lost.count;
  metrics.drainBatch({ resourceSeq: resource.seq, status, duplicate, lines: parsed.requests.length, lostLines, parseErrors: parsed.parseErrors });
}

/**
 * One authenticated drain body, read: parsed and committed (group commit). Resolves once the
 * batch's counts are durable, so the caller answers 204; rejects with a 503 HttpError when the
 * store fails, so that logplex retries the same Frame-Id. A bad frame is counted as a parse
 * error and never costs the good ones.
 */
export async function acceptDrainBatch({ ingestor, log, metrics }: DrainDeps, resource: Resource, body: Buffer, headers: IncomingHttpHeaders): Promise<void> {
  const parsed = parseDrainBody(body);
  const frameId = frameIdOf(headers);
  const msgCount = msgCountOf(headers);
  checkMsgCount(parsed, msgCount);
  if (parsed.parseErrors > 0) logParseErrors(log, resource, frameId, parsed, msgCount);
  let outcome;
  try {
    outcome = await ingestor.ingest(resource, parsed, frameId);
  } catch (error) {
    recordOutcome(metrics, resource, parsed, 503);
    log.error('drain commit failed', { resource: resource.id, error: errorMessage(error) });
    throw new HttpError(503, 'could not store the counts right now; retry');
  }
  recordOutcome(metrics, resource, parsed, 204, outcome.duplicate);
}
