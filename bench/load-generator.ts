import { Agent, request } from 'node:http';

/**
 * The one load generator both ingest targets get: a fixed list of POSTs sent over a few
 * keep-alive connections on loopback, each connection sending its next request as soon as the
 * previous one is answered. Bounded by the list and by a time limit.
 */
export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Frames in the body, for lines/s. */
  lines: number;
}

export interface LoadResult {
  sent: number;
  /** Requests answered 2xx. */
  acknowledged: number;
  linesAcknowledged: number;
  /** Indexes (into the request list) of the 2xx answers. */
  acknowledgedIndexes: number[];
  statuses: Record<number, number>;
  elapsedMs: number;
  /** Time from the start of each request to its 2xx, in ms. */
  latenciesMs: number[];
}

/** One POST on a keep-alive agent; resolves with the status once the response is read. */
export function post(agent: Agent, port: number, req: Omit<LoadRequest, 'lines'>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { agent, host: '127.0.0.1', port, method: 'POST', path: req.path, headers: { ...req.headers, 'content-length': String(req.body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

export async function runLoad(port: number, requests: readonly LoadRequest[], connections: number, maxMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const result: LoadResult = { sent: 0, acknowledged: 0, linesAcknowledged: 0, acknowledgedIndexes: [], statuses: {}, elapsedMs: 0, latenciesMs: [] };
  const start = performance.now();
  let next = 0;
  const connection = async (): Promise<void> => {
    while (next < requests.length && performance.now() - start < maxMs) {
      const index = next++;
      const req = requests[index] as LoadRequest;
      const sentAt = performance.now();
      result.sent++;
      const status = await post(agent, port, req);
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        result.latenciesMs.push(performance.now() - sentAt);
        result.acknowledged++;
        result.linesAcknowledged += req.lines;
        result.acknowledgedIndexes.push(index);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, connection));
  result.elapsedMs = performance.now() - start;
  agent.destroy();
  return result;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
