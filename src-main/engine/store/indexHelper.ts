/**
 * The second core during a browse-index build (store/eventIndexes.ts). A build is SQLite work
 * on the engine thread while the parser's core sits idle: 27 s of 1 M events' import, a third
 * of it. The helper sorts and merges the runs of some of the indexes in a scratch database of
 * its own, next to the engine's, and the engine copies each finished table into the
 * engagement in key order (SQLite's transfer of an identical table: 76 ms for 131,072 entries
 * where a merge of them took 205 ms).
 *
 * It never touches the engagement database (the engine holds it exclusively): the engine
 * copies each chunk of events into a file of its own, and the helper only runs the statements
 * the engine sends, against that file and its scratch (`index_build`). Every file of a build is
 * encrypted with a key made for this build alone, and the helper's sorts stay in memory, like
 * the engine's (nothing decrypted reaches disk). A chunk went by file rather than as a
 * serialized in-memory database: the serialized copies are freed only when the engine's heap
 * is collected, and eight of them (19 MB each) stayed, 160 MB more at the peak.
 *
 * In a worker thread when the bundle exists (scripts/build-node.mjs), else in this thread
 * (unit tests run the TypeScript sources; the same statements, one after the other).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { selectCipher, type DbCipher } from './database';

export interface HelperInit {
  /** its scratch database file */
  file: string;
  /** the scratch's key, raw, as hex */
  keyHex: string;
  /** the engagement's cipher: the engine attaches the helper's files with it */
  cipher: DbCipher;
  pageSize: number;
}

export interface HelperRequest {
  id: number;
  statements: string[];
  /** files attached too, under the names given, with the scratch's key: a chunk, a merged index */
  attach: HelperAttach[];
}

export interface HelperAttach {
  file: string;
  as: string;
}

export type HelperReply = { id: number; ok: true } | { id: number; ok: false; message: string };

/** The schema name the scratch is attached under, on both sides. */
export const HELPER_SCRATCH = 'index_build';

/** Runs one request: its statements, with the scratch and the request's files attached. */
export function runHelperRequest(init: HelperInit, request: HelperRequest): void {
  const db = new Database(':memory:');
  try {
    db.pragma('temp_store = MEMORY');
    selectCipher(db, init.cipher);
    for (const { file, as } of [{ file: init.file, as: HELPER_SCRATCH }, ...request.attach]) {
      db.prepare(`ATTACH DATABASE ? AS ${as} KEY ?`).run(file, `x'${init.keyHex}'`);
      // As the engine's scratch (store/eventIndexes.ts): written once, read once, worthless after a crash.
      db.pragma(`${as}.page_size = ${init.pageSize}`);
      db.pragma(`${as}.synchronous = OFF`);
      db.pragma(`${as}.cache_size = -4096`);
    }
    for (const sql of request.statements) db.exec(sql);
  } finally {
    db.close();
  }
}

export type HelperStart = { workerPath: string } | { inThread: true };

/** The helper failed or could not start: the build goes on without it. */
export class IndexHelperError extends Error {}

export interface IndexHelper {
  readonly init: HelperInit;
  /** Runs the statements in order after everything sent before; resolves when they ran. */
  send(statements: string[], attach: HelperAttach[]): Promise<void>;
  /** Stops it once a statement it is running has returned (SQLite is not interrupted). Its files are the caller's to remove. */
  stop(): Promise<void>;
}

export function startIndexHelper(start: HelperStart, file: string, pageSize: number, cipher: DbCipher): IndexHelper {
  const init: HelperInit = { file, keyHex: randomBytes(32).toString('hex'), cipher, pageSize };
  let next = 0;
  if ('inThread' in start) {
    return {
      init,
      send: async (statements, attach) => {
        try {
          runHelperRequest(init, { id: next++, statements, attach });
        } catch (error) {
          throw new IndexHelperError(`the index build helper failed: ${(error as Error).message}`);
        }
      },
      stop: async () => {},
    };
  }
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let failure: IndexHelperError | null = null;
  const failAll = (error: IndexHelperError) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(failure);
    waiting.clear();
  };
  const worker = new Worker(start.workerPath, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 } });
  worker.on('message', (reply: HelperReply) => {
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) pending?.resolve();
    else pending?.reject(new IndexHelperError(`the index build helper failed: ${reply.message}`));
  });
  worker.on('error', (error) => failAll(new IndexHelperError(`the index build helper stopped: ${error.message}`)));
  worker.on('exit', (code) => failAll(new IndexHelperError(`the index build helper exited with code ${code}`)));
  return {
    init,
    send(statements, attach) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
      // A build stopped (cancelled, or failed elsewhere) no longer awaits what it had sent.
      done.catch(() => {});
      worker.postMessage({ id, statements, attach } satisfies HelperRequest);
      return done;
    },
    async stop() {
      failure ??= new IndexHelperError('the index build helper was stopped');
      await worker.terminate();
    },
  };
}
