/**
 * Starts an ingest run for a file and hands its messages to the writer one at a time, with
 * credit-based flow control: in a worker thread when the bundle exists (two cores: parse ‖
 * write), one worker for every file of a job (`ingestParsers`), in this thread otherwise (unit
 * tests run the TypeScript sources directly).
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

/** The run's messages up to its final one; `onEnd` learns whether the reader got that far. */
async function* drain(queue: MessageQueue, onEnd: (finished: boolean) => void): AsyncGenerator<IngestMessage> {
  let finished = false;
  try {
    for (;;) {
      const message = await queue.next();
      finished = isFinal(message);
      yield message;
      if (finished) return;
    }
  } finally {
    onEnd(finished);
  }
}

/** Runs each file's parse in turn: in one worker thread for all of them, or in this thread. */
export interface IngestParsers {
  /** Starts parsing `request` once the run before it has ended. */
  start(request: IngestRequest): Promise<IngestChannel>;
  /** Ends the worker (after the last run has ended). */
  close(): Promise<void>;
  /** how many workers were started so far (one, unless one failed) */
  readonly workersStarted: number;
}

/**
 * One ingest worker for every file of an import job: a new worker costs ~0.3 s to start (its
 * bundle is compiled again in each new isolate), which dominated folders of small files (150
 * files of 40 events: 47–50 s with a worker per file, 3.7–4.3 s with one). A worker that fails or exits fails the run it had, and the next
 * run starts a new one.
 */
export function ingestParsers(workerPath: string | null): IngestParsers {
  if (!workerPath) return { start: async (request) => startInThread(request), close: async () => {}, workersStarted: 0 };
  let worker: Worker | null = null;
  let workersStarted = 0;
  /** the run in progress and the worker it runs on; null between runs */
  let current: { queue: MessageQueue; worker: Worker } | null = null;
  /** settles when the run in progress has sent its final message (or its worker died) */
  let idle: Promise<void> = Promise.resolve();
  let ended: () => void = () => {};

  const spawn = (): Worker => {
    // Bounded heaps: parsing allocates fast, and an unbounded young generation let RSS balloon.
    const spawned = new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 } });
    workersStarted += 1;
    const finish = (message: IngestMessage) => {
      // Only the run on this worker hears of it (a dead worker's 'exit' may come after the next run started on a new one).
      if (current?.worker !== spawned) return;
      current.queue.push(message);
      if (isFinal(message)) {
        current = null;
        ended();
      }
    };
    const died = (message: string) => {
      if (worker === spawned) worker = null;
      finish({ type: 'failed', code: 'INTERNAL', message });
    };
    spawned.on('message', finish);
    spawned.on('error', (error) => died(`the parser stopped: ${error.message}`));
    spawned.on('exit', (code) => (code !== 0 ? died(`the parser exited with code ${code}`) : worker === spawned && (worker = null)));
    return spawned;
  };

  return {
    async start(request) {
      await idle;
      const queue = new MessageQueue();
      const parser = (worker ??= spawn());
      current = { queue, worker: parser };
      idle = new Promise<void>((resolve) => {
        ended = resolve;
      });
      parser.postMessage({ type: 'run', request } satisfies WriterMessage);
      return {
        // A writer that stops reading before the end (it failed) asks the parser to stop: it
        // removes its unfinished copy of the original and ends the run; the next run waits for that.
        messages: drain(queue, (finished) => {
          if (!finished) parser.postMessage({ type: 'cancel' } satisfies WriterMessage);
        }),
        ack: (stored) => {
          const spare = spareOf(stored);
          parser.postMessage({ type: 'ack', spare } satisfies WriterMessage, spare ? [spare] : []);
        },
        cancel: () => parser.postMessage({ type: 'cancel' } satisfies WriterMessage),
      };
    },
    async close() {
      await idle;
      const parser = worker;
      worker = null;
      if (!parser) return;
      const exited = new Promise<void>((resolve) => parser.once('exit', () => resolve()));
      parser.postMessage({ type: 'close' } satisfies WriterMessage);
      await exited;
    },
    get workersStarted() {
      return workersStarted;
    },
  };
}

/** One file's parse, in a worker of its own (closed once the run ends) or in this thread. */
export function startIngest(request: IngestRequest, workerPath: string | null): IngestChannel {
  if (!workerPath) return startInThread(request);
  const parsers = ingestParsers(workerPath);
  // Batches only come once the run has started: by then an ack goes straight to it (its buffer
  // leaves this thread at once).
  let channel: IngestChannel | null = null;
  const started = parsers.start(request).then((c) => (channel = c));
  return {
    messages: (async function* () {
      try {
        yield* (await started).messages;
      } finally {
        void parsers.close();
      }
    })(),
    ack: (stored) => (channel ? channel.ack(stored) : void started.then((c) => c.ack(stored))),
    cancel: () => (channel ? channel.cancel() : void started.then((c) => c.cancel())),
  };
}

function startInThread(request: IngestRequest): IngestChannel {
  const queue = new MessageQueue();
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
