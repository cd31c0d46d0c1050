import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Returns a close() for the server that stops accepting connections, lets in-flight requests
 * finish, and resolves once every connection is closed. Responses still in flight are sent
 * with `Connection: close`: a keep-alive client would otherwise hold the server open until
 * its idle timeout.
 */
export function gracefulCloser(server: Server): () => Promise<void> {
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing && !res.headersSent) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return () =>
    new Promise<void>((resolve) => {
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      server.close(() => resolve());
      server.closeIdleConnections();
    });
}
