/**
 * The engine's worker thread: owns the encrypted database handle so that no database call
 * runs on Electron's main thread (or the harness's HTTP thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Engine, type EngineOptions } from './engine';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

if (!parentPort) throw new Error('engineWorker must run as a worker thread');
const port = parentPort;
const options = workerData as EngineOptions;
// The ingest and index workers are bundled next to this file (scripts/build-node.mjs).
const engine = new Engine({
  ...options,
  ingestWorkerPath: options.ingestWorkerPath ?? fileURLToPath(new URL('./ingestWorker.js', import.meta.url)),
  indexWorkerPath: options.indexWorkerPath ?? fileURLToPath(new URL('./indexWorker.js', import.meta.url)),
});

engine.onEvent((event) => port.postMessage({ kind: 'event', event } satisfies WorkerReply));

port.on('message', (message: WorkerRequest) => {
  void (async () => {
    if (message.kind === 'call') {
      const result = await engine.dispatch(message.channel, message.request);
      port.postMessage({ kind: 'result', id: message.id, result } satisfies WorkerReply);
    } else if (message.kind === 'internal') {
      const result = await engine.internal(message.op, message.request as never);
      port.postMessage({ kind: 'result', id: message.id, result } satisfies WorkerReply);
    } else {
      await engine.close();
      port.postMessage({ kind: 'result', id: message.id, result: { ok: true, value: null } } satisfies WorkerReply);
    }
  })();
});
