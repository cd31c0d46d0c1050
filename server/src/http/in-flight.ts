import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface InFlightRequests {
  /** Resolves once no request is being handled. */
  idle(): Promise<void>;
  /** How many requests are being handled now. */
  count(): number;
  /**
   * Cuts the connections of requests whose unauthenticated body is still arriving (a stalled
   * `POST /sso/login`): shutdown must not wait for those. Returns how many it cut.
   */
  cutUnauthenticated(): number;
}

const unauthenticatedBodies = new WeakSet<ServerResponse>();

/** The request's body is being read before anything authenticated it (`bodyLimiter` marks it). */
export function markUnauthenticatedBody(res: ServerResponse): void {
  unauthenticatedBodies.add(res);
}

/** Counts the requests a server is handling, so that shutdown can wait for them. */
export function trackInFlight(server: Server): InFlightRequests {
  const active = new Map<ServerResponse, IncomingMessage>();
  let waiters: Array<() => void> = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    active.set(res, req);
    res.once('close', () => {
      active.delete(res);
      if (active.size > 0) return;
      for (const wake of waiters) wake();
      waiters = [];
    });
  });
  return {
    idle: () => (active.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    count: () => active.size,
    cutUnauthenticated() {
      let cut = 0;
      for (const [res, req] of active) {
        if (!unauthenticatedBodies.has(res) || req.complete) continue;
        req.socket.destroy();
        cut++;
      }
      return cut;
    },
  };
}
