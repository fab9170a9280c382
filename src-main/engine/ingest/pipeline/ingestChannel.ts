/**
 * Starts an ingest run for one file and hands its messages to the writer one at a time, with
 * credit-based flow control: in a worker thread when the bundle exists (two cores: parse ‖
 * write), in this thread otherwise (unit tests run the TypeScript sources directly).
 */
import { Worker } from 'node:worker_threads';
import { MAX_IN_FLIGHT, type IngestMessage, type IngestRequest, type WriterMessage } from './ingestProtocol';
import { recyclePackedBuffer } from './packedRows';
import { runIngest } from './ingestRun';
import type { EncodedBatch } from './eventBatch';

/** A stored batch's rows' buffer, unless it was freed (detached) already. */
function spareOf(stored: EncodedBatch | undefined): ArrayBuffer | null {
  const buffer = stored?.events.bytes.buffer as ArrayBuffer | undefined;
  return buffer && buffer.byteLength > 0 ? buffer : null;
}

export interface IngestChannel {
  messages: AsyncIterable<IngestMessage>;
  /**
   * The writer has stored the oldest batch sent: the parser may send another. Given the batch
   * (stored by a writer made with `handBack`), its rows' buffer goes back to the parser, which
   * packs a later batch into it; the batch must not be read afterwards.
   */
  ack(stored?: EncodedBatch): void;
  cancel(): void;
}

class MessageQueue {
  private readonly items: IngestMessage[] = [];
  private waiting: ((message: IngestMessage) => void) | null = null;

  push(message: IngestMessage): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(message);
    } else {
      this.items.push(message);
    }
  }

  next(): Promise<IngestMessage> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

function isFinal(message: IngestMessage): boolean {
  return message.type === 'done' || message.type === 'failed' || message.type === 'cancelled';
}

async function* drain(queue: MessageQueue, onEnd: () => void): AsyncGenerator<IngestMessage> {
  try {
    for (;;) {
      const message = await queue.next();
      yield message;
      if (isFinal(message)) return;
    }
  } finally {
    onEnd();
  }
}

export function startIngest(request: IngestRequest, workerPath: string | null): IngestChannel {
  const queue = new MessageQueue();
  if (workerPath) {
    // Bounded heaps: parsing allocates fast, and an unbounded young generation let RSS balloon.
    const worker = new Worker(workerPath, { workerData: request, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 } });
    let ended = false;
    worker.on('message', (message: IngestMessage) => {
      if (isFinal(message)) ended = true;
      queue.push(message);
    });
    worker.on('error', (error) => queue.push({ type: 'failed', code: 'INTERNAL', message: `the parser stopped: ${error.message}` }));
    worker.on('exit', (code) => {
      if (code !== 0) queue.push({ type: 'failed', code: 'INTERNAL', message: `the parser exited with code ${code}` });
    });
    return {
      // A writer that stops reading before the end (it failed) asks the parser to stop: it
      // removes its unfinished copy of the original and exits, where a terminate would leave it.
      messages: drain(queue, () => (ended ? void worker.terminate() : worker.postMessage({ type: 'cancel' } satisfies WriterMessage))),
      ack: (stored) => {
        const spare = spareOf(stored);
        worker.postMessage({ type: 'ack', spare } satisfies WriterMessage, spare ? [spare] : []);
      },
      cancel: () => worker.postMessage({ type: 'cancel' }),
    };
  }
  let inFlight = 0;
  let cancelled = false;
  let wake: (() => void) | null = null;
  const release = () => {
    wake?.();
    wake = null;
  };
  void runIngest(request, {
    cancelled: () => cancelled,
    async send(message) {
      if (message.type === 'batch') {
        while (inFlight >= MAX_IN_FLIGHT && !cancelled) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        inFlight += 1;
      }
      queue.push(message);
    },
  });
  const stop = () => {
    cancelled = true;
    release();
  };
  return {
    // A writer that stops reading (it failed) stops the parser too, as terminating the worker does.
    messages: drain(queue, stop),
    ack: (stored) => {
      inFlight -= 1;
      const spare = spareOf(stored);
      if (spare) recyclePackedBuffer(spare);
      release();
    },
    cancel: stop,
  };
}
