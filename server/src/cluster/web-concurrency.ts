import { availableParallelism, totalmem } from 'node:os';
import type { Config } from '../config.js';
import { isPostgresUrl } from '../store/open-store.js';

/** What the dyno (or this machine) offers the server's processes. */
export interface Machine {
  cores: number;
  memoryBytes: number;
}

export interface ProcessPlan {
  /** Worker processes to run; 1 means no cluster: the server runs in this process, as always. */
  workers: number;
  /** Where the number came from, for the start-up line. */
  source: string;
  /** Set when a request for several processes was reduced to one: the one log line saying why. */
  reduced?: string;
}

/**
 * Default on a dyno without WEB_CONCURRENCY: one worker per core, at most 8. Heroku's standard
 * dynos share a host and report its cores (8) rather than their share; 8 is also the most a
 * performance dyno has (performance-L), and every worker holds its own PostgreSQL pool
 * (VANITY_DB_POOL_SIZE each), so the cap bounds a dyno's connections too.
 */
export const DEFAULT_MAX_WORKERS = 8;
/** Each worker has its own heap and request-body budget (VANITY_BODY_MEMORY_MB, 64 MiB by default). */
export const MEMORY_PER_WORKER_BYTES = 256 * 1024 * 1024;

export function thisMachine(): Machine {
  // Unconstrained, cgroups report 2^64 - 1: the host's memory is then the limit.
  const constrained = process.constrainedMemory?.() || Infinity;
  return { cores: availableParallelism(), memoryBytes: Math.min(constrained, totalmem()) };
}

function dynoDefault(machine: Machine): number {
  const byMemory = Math.floor(machine.memoryBytes / MEMORY_PER_WORKER_BYTES);
  return Math.max(1, Math.min(machine.cores, DEFAULT_MAX_WORKERS, byMemory));
}

/**
 * How many worker processes to start: WEB_CONCURRENCY when set; else, on a dyno, the dyno's
 * cores (capped, and at most one per 256 MiB); else (locally) 1. SQLite has one writer, so it
 * always runs one process: more would only contend for its write lock.
 */
export function planProcesses(config: Pick<Config, 'webConcurrency' | 'dyno' | 'databaseUrl'>, machine: Machine = thisMachine()): ProcessPlan {
  const requested =
    config.webConcurrency !== undefined
      ? { workers: config.webConcurrency, source: `WEB_CONCURRENCY=${config.webConcurrency}` }
      : config.dyno !== undefined
        ? { workers: dynoDefault(machine), source: `${machine.cores} cores on dyno ${config.dyno}` }
        : { workers: 1, source: 'default' };
  if (requested.workers > 1 && !isPostgresUrl(config.databaseUrl)) {
    return {
      workers: 1,
      source: requested.source,
      reduced: `${requested.source} reduced to 1 process: SQLite has one writer, so more processes would only queue for it; use PostgreSQL (DATABASE_URL=postgres://…) to run several`,
    };
  }
  return requested;
}
