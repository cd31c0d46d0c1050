import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { Config } from '../config.js';
import { createLogger, errorMessage, stderrSink } from '../log/logger.js';
import type { Logger } from '../log/logger.js';
import { openStore } from '../store/open-store.js';
import type { ProcessPlan } from './web-concurrency.js';
import { restartDelayMs, STABLE_WORKER_MS } from './restart-backoff.js';

/**
 * The cluster's primary: it serves no HTTP and runs no job. It migrates the database once, forks
 * the workers (which share the port: the primary hands each new connection to the next worker),
 * replaces a worker that dies, and on SIGTERM/SIGINT passes the signal on and exits 0 once every
 * worker has stopped cleanly (1 otherwise).
 */
export async function runPrimary(config: Config, plan: ProcessPlan, log: Logger): Promise<void> {
  const { workers } = plan;
  try {
    // Before any worker listens; the workers' own check then finds nothing to do.
    const store = await openStore(config.databaseUrl, { poolSize: config.dbPoolSize, sslMode: config.pgSslMode, log });
    log.info('database schema up to date', { store: store.kind });
    await store.close();
  } catch (error) {
    createLogger(stderrSink).error('start failed', { error: errorMessage(error) });
    process.exit(1);
  }
  log.info('starting workers', { workers, from: plan.source });
  superviseWorkers({ workers, shutdownTimeoutSeconds: config.shutdownTimeoutSeconds, log });
}

interface Supervised {
  startedAt: number;
  listening: boolean;
}

/** After its own limit a worker exits anyway; this is the backstop for one that cannot even do that. */
const PRIMARY_GRACE_SECONDS = 3;

function superviseWorkers({ workers, shutdownTimeoutSeconds, log }: { workers: number; shutdownTimeoutSeconds: number; log: Logger }): void {
  const live = new Map<Worker, Supervised>();
  const restarts = new Set<NodeJS.Timeout>();
  let servedOnce = false;
  let quickExits = 0;
  let stopping = false;
  let stopSignal: NodeJS.Signals | undefined;
  let clean = true;

  const fork = (): void => {
    const worker = cluster.fork();
    live.set(worker, { startedAt: Date.now(), listening: false });
    log.info('worker started', { worker: worker.id, pid: worker.process.pid });
  };

  const finishIfDone = (): void => {
    if (!stopping || live.size > 0) return;
    if (clean) log.info('all workers stopped');
    else log.error('a worker did not stop cleanly');
    process.exit(clean ? 0 : 1);
  };

  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    stopSignal = signal;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    for (const worker of live.keys()) worker.process.kill(signal);
    setTimeout(() => {
      log.error('workers did not stop in time; killing them', { limit_s: shutdownTimeoutSeconds + PRIMARY_GRACE_SECONDS });
      for (const worker of live.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, (shutdownTimeoutSeconds + PRIMARY_GRACE_SECONDS) * 1000).unref();
    finishIfDone();
  };

  cluster.on('listening', (worker, address) => {
    const state = live.get(worker);
    if (state) state.listening = true;
    servedOnce = true;
    log.info('worker listening', { worker: worker.id, pid: worker.process.pid, port: address.port });
  });

  cluster.on('exit', (worker, code, signal) => {
    const state = live.get(worker);
    live.delete(worker);
    const fields = { worker: worker.id, pid: worker.process.pid, code, signal };
    if (stopping) {
      // One still starting when the signal came may die of it before it could handle it: it had accepted nothing.
      const unstarted = state?.listening === false && signal !== null && signal === stopSignal;
      if (code !== 0 && !unstarted) clean = false;
      log.info('worker stopped', fields);
      return finishIfDone();
    }
    if (!servedOnce) {
      // Nothing ever listened (a port in use, a database that refuses us): fail like a single process would.
      log.error('worker failed to start; stopping', fields);
      clean = false;
      return stop('SIGTERM');
    }
    const lived = Date.now() - (state?.startedAt ?? Date.now());
    quickExits = lived >= STABLE_WORKER_MS ? 0 : quickExits + 1;
    const delay = restartDelayMs(quickExits);
    log.error('worker exited unexpectedly; starting another', { ...fields, restart_in_ms: delay });
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delay);
    restarts.add(timer);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      log.info('shutting down', { signal, workers: live.size });
      stop(signal);
    });
  }

  for (let i = 0; i < workers; i++) fork();
}
