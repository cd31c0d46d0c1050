import cluster from 'node:cluster';
import type { Config } from '../config.js';
import { createLogger } from '../log/logger.js';
import { runPrimary } from './primary.js';
import { serve } from './serve.js';
import { planProcesses } from './web-concurrency.js';

/**
 * `npm start`: one server process, or (WEB_CONCURRENCY > 1 on PostgreSQL) a primary that
 * supervises that many workers, each a whole server. Workers run this file too (cluster forks
 * main.js again) and just serve.
 */
export async function startProcesses(config: Config): Promise<void> {
  if (cluster.isWorker) return serve(config, { worker: cluster.worker?.id });
  const log = createLogger();
  const plan = planProcesses(config);
  if (plan.reduced) log.warn(plan.reduced);
  if (plan.workers > 1) return runPrimary(config, plan, log);
  return serve(config);
}
