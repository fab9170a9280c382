/**
 * Worker-thread entry of the ingest runs: parsing and mapping on their own core. One worker
 * parses every file of an import job, one after another (`run` messages), so a folder of
 * thousands of small files does not pay a worker's start for each (~0.3 s: the bundle is
 * compiled again in every new isolate).
 */
import { parentPort } from 'node:worker_threads';
import { MAX_IN_FLIGHT, type IngestMessage, type IngestRequest, type WriterMessage } from './ingestProtocol';
import { runIngest } from './ingestRun';
import { packedTransferList, recyclePackedBuffer } from './packedRows';

if (!parentPort) throw new Error('ingestWorker must run as a worker thread');
const port = parentPort;

/** The run in progress: its batches in flight, whether it was cancelled, and a waiting send. */
interface Run {
  inFlight: number;
  cancelled: boolean;
  wake: (() => void) | null;
}
let run: Run | null = null;
const requests: (IngestRequest | null)[] = [];
let nextRequest: (() => void) | null = null;

port.on('message', (message: WriterMessage) => {
  if (message.type === 'run' || message.type === 'close') {
    requests.push(message.type === 'run' ? message.request : null);
    nextRequest?.();
    nextRequest = null;
    return;
  }
  if (message.type === 'ack' && message.spare) recyclePackedBuffer(message.spare);
  // An ack or a cancel that comes after its run ended has nothing left to act on.
  if (!run) return;
  if (message.type === 'ack') run.inFlight -= 1;
  else run.cancelled = true;
  run.wake?.();
  run.wake = null;
});

for (;;) {
  while (requests.length === 0) {
    await new Promise<void>((resolve) => {
      nextRequest = resolve;
    });
  }
  const request = requests.shift();
  if (!request) break;
  const current: Run = { inFlight: 0, cancelled: false, wake: null };
  run = current;
  await runIngest(request, {
    cancelled: () => current.cancelled,
    async send(message: IngestMessage) {
      // The packed event rows are transferred (their buffers belong to the batch alone). Structured
      // clone copies the compressed blocks (a memcpy): transferring them could detach a pooled
      // ArrayBuffer that other Buffers share.
      // The credit is taken before sending, not after: the parser goes on to fill the next batch
      // while the writer stores this one, and only waits when that next one is ready.
      if (message.type === 'batch') {
        while (current.inFlight >= MAX_IN_FLIGHT && !current.cancelled) {
          await new Promise<void>((resolve) => {
            current.wake = resolve;
          });
        }
        current.inFlight += 1;
      }
      port.postMessage(message, message.type === 'batch' ? packedTransferList(message.batch.events) : []);
    },
  });
  run = null;
}
port.close();
