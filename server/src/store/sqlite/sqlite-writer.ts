import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestOutcome } from '../../model/counts.js';
import { BatchRejectedError } from '../store.js';
import { packBatches } from './packed-batches.js';
import { PLATFORM_WRITE_NAMES } from './sqlite-platform.js';
import type { PlatformWrites } from './sqlite-platform.js';
import type { SqliteWrites, WriteName } from './sqlite-writes.js';

/**
 * The main thread's handle on the SQLite writer thread. One thread serves every store opened
 * in the process, each with its own connection there. Each write is a message and the thread
 * answers in order. A failed write rejects its own promise; a thread that dies rejects every
 * write it had not answered (so no request waits forever), and the next write starts a new
 * thread, which reopens the store's connection first.
 */
export type AsyncWrites = {
  [K in WriteName]: (...args: Parameters<SqliteWrites[K]>) => Promise<ReturnType<SqliteWrites[K]>>;
};

export interface Writer extends AsyncWrites {
  /** Finishes the writes already sent, then closes this store's connection in the thread. */
  close(): Promise<void>;
}

export interface WriteRequest {
  id: number;
  /** Which open store (connection) of the thread. */
  store: number;
  name: Exclude<WriteName, 'commitBatches'> | 'commitPacked' | 'open' | 'close';
  args: unknown[];
}
/** `rejected`: the error was a BatchRejectedError with this code (errors cross the thread as text). */
export type WriteReply = { id: number; value: unknown } | { id: number; error: string; rejected?: string };

export class WriterError extends Error {}

const THREAD_URL = new URL(`./sqlite-writer-thread.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/**
 * From `dist/` the thread is plain JS. Run from source under tsx (tests, benches), Node 20
 * does not carry tsx's loader into a worker, so the thread first registers tsx, then imports
 * the TypeScript file (about 0.2 s, paid once per process since the thread is shared).
 */
function newWorker(): Worker {
  if (THREAD_URL.pathname.endsWith('.js')) return new Worker(THREAD_URL);
  const tsx = JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href);
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD_URL.href)}); })`;
  return new Worker(code, { eval: true });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  exited: Promise<void>;
}

let thread: Thread | undefined;
let nextRequestId = 0;
let nextStoreId = 0;

function rejectAll(pending: Map<number, Pending>, error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function startThread(): Thread {
  const worker = newWorker();
  const pending = new Map<number, Pending>();
  // Referenced only while a write waits: an idle writer thread never keeps the process alive.
  worker.unref();
  worker.on('message', (reply: WriteReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if ('error' in reply) p.reject(reply.rejected === undefined ? new WriterError(reply.error) : new BatchRejectedError(reply.rejected, reply.error));
    else p.resolve(reply.value);
  });
  worker.on('error', (error) => rejectAll(pending, new WriterError(`SQLite writer thread failed: ${error.message}`)));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (thread?.worker === worker) thread = undefined;
      rejectAll(pending, new WriterError(`SQLite writer thread exited (code ${code})`));
      resolve();
    }),
  );
  return { worker, pending, exited };
}

function send(target: Thread, request: Omit<WriteRequest, 'id'>): Promise<unknown> {
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    if (target.pending.size === 0) target.worker.ref();
    target.pending.set(id, { resolve, reject });
    target.worker.postMessage({ id, ...request } satisfies WriteRequest);
  });
}

/** Kills the writer thread at once; its unanswered writes reject. For tests of that failure. */
export async function terminateWriterThread(): Promise<void> {
  if (!thread) return;
  const { worker, exited } = thread;
  await worker.terminate();
  await exited;
}

export function startWriter(path: string): Writer {
  const store = nextStoreId++;
  let openIn: Thread | undefined;
  let closed = false;

  function call(name: WriteRequest['name'], args: unknown[]): Promise<unknown> {
    if (closed) return Promise.reject(new WriterError('the store is closed'));
    thread ??= startThread();
    if (openIn !== thread) {
      openIn = thread;
      // A failed open needs no promise of its own: every write after it fails with the reason.
      send(thread, { store, name: 'open', args: [path] }).catch(() => undefined);
    }
    return send(thread, { store, name, args });
  }

  const write =
    <K extends Exclude<WriteName, 'commitBatches'>>(name: K) =>
    (...args: Parameters<SqliteWrites[K]>) =>
      call(name, args) as Promise<ReturnType<SqliteWrites[K]>>;

  // The thread runs any write by its name: the platform writes need no plumbing of their own.
  const platformWrites = Object.fromEntries(PLATFORM_WRITE_NAMES.map((name) => [name, write(name)])) as Pick<AsyncWrites, keyof PlatformWrites>;
  return {
    ...platformWrites,
    createResource: write('createResource'),
    changePlan: write('changePlan'),
    setBadgeEnabled: write('setBadgeEnabled'),
    deleteResource: write('deleteResource'),
    commitBatches: (batches) => call('commitPacked', [packBatches(batches)]) as Promise<IngestOutcome[]>,
    prune: write('prune'),
    forgetFramesBefore: write('forgetFramesBefore'),
    claimJobRound: write('claimJobRound'),
    addIngestDays: write('addIngestDays'),
    saveProcessStats: write('saveProcessStats'),
    createAlertRule: write('createAlertRule'),
    deleteAlertRule: write('deleteAlertRule'),
    commitAlertEvaluation: write('commitAlertEvaluation'),
    claimAlertDeliveries: write('claimAlertDeliveries'),
    finishAlertDelivery: write('finishAlertDelivery'),
    createShare: write('createShare'),
    revokeShare: write('revokeShare'),
    async close() {
      if (closed || openIn === undefined || openIn !== thread) {
        closed = true;
        return;
      }
      const closing = call('close', []);
      closed = true;
      await closing;
    },
  };
}
