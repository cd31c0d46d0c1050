import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { unpackBatches } from './packed-batches.js';
import type { PackedBatches } from './packed-batches.js';
import { openConnection } from './sqlite-connection.js';
import { BatchRejectedError } from '../store.js';
import { prepareWrites } from './sqlite-writes.js';
import type { SqliteWrites } from './sqlite-writes.js';
import type { WriteReply, WriteRequest } from './sqlite-writer.js';

/**
 * The writer thread: one connection per open store, every write of those stores, one message
 * at a time in arrival order. A store's migrations ran on the main thread before it opened here.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread runs only as a worker thread');
const connections = new Map<number, { db: Database.Database; writes: SqliteWrites }>();
/** Why a store's connection could not be opened, for the writes that follow. */
const failedOpens = new Map<number, string>();

function handle({ store, name, args }: WriteRequest): unknown {
  if (name === 'open') {
    try {
      const db = openConnection(args[0] as string);
      connections.set(store, { db, writes: prepareWrites(db) });
    } catch (error) {
      failedOpens.set(store, error instanceof Error ? error.message : String(error));
      throw error;
    }
    return undefined;
  }
  const connection = connections.get(store);
  if (!connection) throw new Error(`the writer thread could not open the database: ${failedOpens.get(store) ?? 'not opened'}`);
  if (name === 'close') {
    connections.delete(store);
    connection.db.close();
    return undefined;
  }
  if (name === 'commitPacked') return connection.writes.commitBatches(unpackBatches(args[0] as PackedBatches));
  return (connection.writes[name] as (...a: unknown[]) => unknown)(...args);
}

port.on('message', (request: WriteRequest) => {
  let reply: WriteReply;
  try {
    reply = { id: request.id, value: handle(request) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply = error instanceof BatchRejectedError ? { id: request.id, error: message, rejected: error.code } : { id: request.id, error: message };
  }
  port.postMessage(reply);
});
