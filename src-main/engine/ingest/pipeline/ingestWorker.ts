/** Worker-thread entry of the ingest run: parsing and mapping on their own core. */
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_IN_FLIGHT, type IngestMessage, type IngestRequest, type WriterMessage } from './ingestProtocol';
import { runIngest } from './ingestRun';
import { packedTransferList, recyclePackedBuffer } from './packedRows';

if (!parentPort) throw new Error('ingestWorker must run as a worker thread');
const port = parentPort;
let inFlight = 0;
let cancelled = false;
let wake: (() => void) | null = null;

port.on('message', (message: WriterMessage) => {
  if (message.type === 'ack') {
    inFlight -= 1;
    if (message.spare) recyclePackedBuffer(message.spare);
  } else {
    cancelled = true;
  }
  wake?.();
  wake = null;
});

await runIngest(workerData as IngestRequest, {
  cancelled: () => cancelled,
  async send(message: IngestMessage) {
    // The packed event rows are transferred (their buffers belong to the batch alone). Structured
    // clone copies the compressed blocks (a memcpy): transferring them could detach a pooled
    // ArrayBuffer that other Buffers share.
    // The credit is taken before sending, not after: the parser goes on to fill the next batch
    // while the writer stores this one, and only waits when that next one is ready.
    if (message.type === 'batch') {
      while (inFlight >= MAX_IN_FLIGHT && !cancelled) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      inFlight += 1;
    }
    port.postMessage(message, message.type === 'batch' ? packedTransferList(message.batch.events) : []);
  },
});
port.close();
