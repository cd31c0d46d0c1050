import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { listenLocal } from './listen-local.js';

export interface RecordingProxy {
  url: string;
  /** The headers of every request that went through, in order. */
  seen: IncomingHttpHeaders[];
  stop(): Promise<void>;
}

/** Forwards every request to `target` unchanged and records its headers: what a server was sent. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  return { ...(await listenLocal(server)), seen };
}
