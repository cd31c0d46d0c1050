import type { Server } from 'node:http';

export interface InFlightRequests {
  /** Resolves once no request is being handled. */
  idle(): Promise<void>;
}

/** Counts the requests a server is handling, so that shutdown can wait for them. */
export function trackInFlight(server: Server): InFlightRequests {
  let active = 0;
  let waiters: Array<() => void> = [];
  server.on('request', (_req, res) => {
    active++;
    res.once('close', () => {
      active--;
      if (active > 0) return;
      for (const wake of waiters) wake();
      waiters = [];
    });
  });
  return {
    idle: () => (active === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
