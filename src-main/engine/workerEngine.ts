/** An EngineClient over a worker thread (Electron main, the browser harness). */
import { Worker } from 'node:worker_threads';
import type { EngineEvent } from '../../src-shared/contract';
import { fail, type Result } from '../../src-shared/errors';
import type { EngineClient } from './engineClient';
import type { EngineOptions } from './engine';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

export async function startWorkerEngine(options: EngineOptions & { workerPath: string }): Promise<EngineClient> {
  const { workerPath, ...engineOptions } = options;
  // Bounded heaps keep a long import's memory flat: the engine's data lives in SQLite, and an
  // unbounded old generation grew lazily to ~500 MB RSS on a 1 M-event import (measured).
  const worker = new Worker(workerPath, { workerData: engineOptions, resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 8 } });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: EngineEvent) => void>();
  let nextId = 1;
  let exited = false;

  worker.on('message', (reply: WorkerReply) => {
    if (reply.kind === 'event') {
      for (const listener of listeners) listener(reply.event);
      return;
    }
    pending.get(reply.id)?.(reply.result);
    pending.delete(reply.id);
  });
  const failAll = (message: string) => {
    exited = true;
    for (const resolve of pending.values()) resolve(fail('INTERNAL', message));
    pending.clear();
  };
  worker.on('error', (error) => failAll(`the engine stopped: ${error.message}`));
  worker.on('exit', (code) => failAll(`the engine exited (code ${code})`));
  await new Promise<void>((resolve, reject) => {
    worker.once('online', () => resolve());
    worker.once('error', reject);
  });

  type Unsent = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
  const send = (message: Unsent): Promise<Result<unknown>> => {
    if (exited) return Promise.resolve(fail('INTERNAL', 'the engine is not running'));
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  };

  return {
    call: (channel, request) => send({ kind: 'call', channel, request }) as never,
    internal: (op, request) => send({ kind: 'internal', op, request }) as never,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (exited) return;
      await send({ kind: 'close' });
      await worker.terminate();
    },
  };
}
