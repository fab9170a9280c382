/**
 * The parsing side of an import, for one input file: open it (containers, formats), recognise
 * each part's platform, map every record, and send batches of ready-to-insert rows to the
 * writer. It hashes and keeps an encrypted copy of every original byte as they stream. It runs
 * in its own worker thread (ingestWorker.ts) so parsing and writing overlap on two cores; the
 * same function runs in-thread where no worker bundle exists (unit tests).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../../src-shared/errors';
import type { PlatformMapping } from '../mapping/platform';
import { openInput } from '../readers/containers';
import type { ReadItem, RecordPosition, SourcePart } from '../readers/readItem';
import { ALL_MAPPINGS, mappingById } from '../platforms';
import { detectPlatform, DETECTION_SAMPLE, mapRecord, unwrapCollector } from '../platforms/registry';
import { compileProfile, mappingProfileSchema } from '../families/mappingProfile';
import { OriginalWriter } from '../../store/originals';
import { BATCH_BYTES, BATCH_EVENTS, type IngestMessage, type IngestRequest } from './ingestProtocol';
import { credentialTuple, eventTuple, type EncodedBatch, type CredentialTuple, type Rejection } from './eventBatch';
import { RowPacker } from './packedRows';
import { BLOCK_RAW_CHARS, encodeRawBlock, RAW_BLOCK_RECORDS, type EncodedRawBlock } from './rawBlocks';

export interface IngestSink {
  /** Sends a message; a batch waits first until the writer has stored all but MAX_IN_FLIGHT − 1 of those sent before. */
  send(message: IngestMessage): Promise<void>;
  cancelled(): boolean;
}

const EXCERPT_CHARS = 500;

/** Maps records into batches; `flush` hands each batch to the sink. Shared by imports and sync. */
export class BatchBuilder {
  /** each event is packed as soon as it is mapped, and its raw record compressed with its block's */
  private readonly events = new RowPacker();
  private blocks: EncodedRawBlock[] = [];
  private blockBytes = 0;
  /** the open raw block's records */
  private raws: string[] = [];
  private rawChars = 0;
  private credentials: CredentialTuple[] = [];
  private rejections: Rejection[] = [];
  private read = 0;
  private unzoned = 0;
  /** where the last record added (or rejected) starts */
  private last: RecordPosition | null = null;

  constructor(private readonly sink: IngestSink, private readonly bytes: () => number) {}

  /**
   * Maps one record into the open batch. Answers a promise only when that filled the batch and
   * handed it to the sink (await it then): most records cost no promise and no await.
   */
  add(mapping: PlatformMapping, item: ReadItem): Promise<void> | undefined {
    this.read += 1;
    this.last = item.position;
    if (item.kind === 'rejected') {
      this.rejections.push({ part: item.position.part, line: item.position.line, reason: item.reason, excerpt: item.excerpt.slice(0, EXCERPT_CHARS) });
    } else {
      const mapped = mapRecord(mapping, item.value, item.raw);
      if (!mapped.ok) {
        this.rejections.push({ part: item.position.part, line: item.position.line, reason: mapped.reason, excerpt: item.raw.slice(0, EXCERPT_CHARS) });
      } else if ('credential' in mapped) {
        this.credentials.push(credentialTuple(mapped.credential));
      } else {
        this.events.add(eventTuple(mapped.event, this.blocks.length, this.raws.length));
        this.raws.push(mapped.event.raw);
        this.rawChars += mapped.event.raw.length;
        if (this.raws.length === RAW_BLOCK_RECORDS || this.rawChars >= BLOCK_RAW_CHARS) this.closeBlock();
        if (!mapped.event.zoned) this.unzoned += 1;
      }
    }
    const full = this.events.count >= BATCH_EVENTS || this.events.bytes + this.blockBytes >= BATCH_BYTES;
    if (full || this.rejections.length >= BATCH_EVENTS || this.credentials.length >= BATCH_EVENTS) return this.flush();
    return undefined;
  }

  /** Where the last record read starts; null before the first. */
  get lastPosition(): RecordPosition | null {
    return this.last;
  }

  reject(rejection: Rejection): void {
    this.rejections.push(rejection);
  }

  private closeBlock(): void {
    if (this.raws.length) {
      const block = encodeRawBlock(this.raws);
      this.blocks.push(block);
      this.blockBytes += block.bytes.byteLength;
    }
    this.raws = [];
    this.rawChars = 0;
  }

  async flush(): Promise<void> {
    if (this.read === 0 && this.rejections.length === 0) return;
    this.closeBlock();
    const batch: EncodedBatch = {
      events: this.events.take(true),
      blocks: this.blocks,
      credentials: this.credentials,
      rejections: this.rejections,
      read: this.read,
      unzoned: this.unzoned,
      bytesSoFar: this.bytes(),
    };
    this.blocks = [];
    this.blockBytes = 0;
    this.credentials = [];
    this.rejections = [];
    this.read = 0;
    this.unzoned = 0;
    await this.sink.send({ type: 'batch', batch });
  }
}

function shapeOf(part: SourcePart): 'row' | 'json' {
  return part.format === 'csv' || part.format === 'xlsx' ? 'row' : 'json';
}

function chooseMapping(request: IngestRequest, part: SourcePart, samples: unknown[]): PlatformMapping | null {
  if (request.profile !== undefined) return compileProfile(mappingProfileSchema.parse(request.profile));
  if (request.platform !== undefined) {
    const forced = mappingById(request.platform);
    if (!forced) throw new AppError('BAD_REQUEST', `unknown platform ${JSON.stringify(request.platform)}`);
    return forced;
  }
  return detectPlatform(ALL_MAPPINGS, samples, shapeOf(part))?.mapping ?? null;
}

export async function runIngest(request: IngestRequest, sink: IngestSink): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  const original = new OriginalWriter(request.originalsDir, request.dataKey);
  const builder = new BatchBuilder(sink, () => bytes);
  let recognisedParts = 0;
  let lastUnrecognised: string | null = null;
  try {
    const parts = openInput(request.path, {
      ...(request.format ? { format: request.format } : {}),
      onRawChunk: (chunk) => {
        hash.update(chunk);
        original.write(chunk);
        bytes += chunk.length;
      },
    });
    for await (const part of parts) {
      if (sink.cancelled()) break;
      const iterator = part.records[Symbol.asyncIterator]();
      const head: ReadItem[] = [];
      while (head.length < DETECTION_SAMPLE) {
        const next = await iterator.next();
        if (next.done) break;
        head.push(next.value);
      }
      const samples = head.flatMap((item) => (item.kind === 'record' ? [unwrapCollector(item.value, item.raw).value] : []));
      const mapping = chooseMapping(request, part, samples);
      await sink.send({ type: 'part', part: part.name, format: part.format, platform: mapping?.id ?? null, platformName: mapping?.name ?? null });
      if (!mapping) {
        const where = part.name ? `${request.path}, part ${part.name}` : request.path;
        const partRefusal = head.find((item) => item.kind === 'rejected' && item.position.line === 0);
        lastUnrecognised =
          partRefusal?.kind === 'rejected'
            ? partRefusal.reason
            : samples.length === 0
            ? `${where} holds no records`
            : `${where} (${part.format}) does not look like any known audit-log export; import it with a column mapping (--mapping FILE)`;
        builder.reject({ part: part.name, line: 0, reason: lastUnrecognised, excerpt: head[0]?.kind === 'record' ? head[0].raw.slice(0, EXCERPT_CHARS) : '' });
        // Read the rest without mapping so the file's digest and copy stay complete.
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
        }
        continue;
      }
      recognisedParts += 1;
      for (const item of head) await builder.add(mapping, item);
      for (;;) {
        if (sink.cancelled()) break;
        const next = await iterator.next();
        if (next.done) break;
        const sent = builder.add(mapping, next.value);
        if (sent) await sent;
      }
      if (sink.cancelled()) {
        await iterator.return?.(undefined);
        break;
      }
    }
    if (sink.cancelled()) {
      await builder.flush();
      original.abandon();
      await sink.send({ type: 'cancelled' });
      return;
    }
    if (recognisedParts === 0) {
      // Nothing in the file could be read: store nothing from it, not even the refusal rows.
      throw new AppError('UNSUPPORTED_FORMAT', lastUnrecognised ?? 'no records');
    }
    await builder.flush();
    const sha256 = hash.digest('hex');
    const stored = original.finish(sha256);
    await sink.send({ type: 'done', sha256, size: bytes, original: stored });
  } catch (error) {
    original.abandon();
    const appError = error instanceof AppError ? error : new AppError('IO_ERROR', `${request.path}: ${(error as Error).message}`);
    await sink.send({ type: 'failed', code: appError.code, message: await keepWhatWasRead(builder, recognisedParts, appError.message) });
  }
}

/**
 * A file that fails part-way (a read error, a size or ratio cap passed after some records)
 * keeps every record read before the failure, as a cancelled import does, so what is stored
 * never depends on where a batch happened to end; the reason then says where reading stopped.
 * (Damage inside a gzip or a zip entry is not a failure of the file: readers/containers.ts ends
 * that part with a rejection.) A file none of whose parts was recognised stores nothing.
 * Answers the reason to report.
 */
export async function keepWhatWasRead(builder: BatchBuilder, recognisedParts: number, reason: string): Promise<string> {
  const last = builder.lastPosition;
  if (recognisedParts === 0 || last === null) return reason;
  try {
    await builder.flush();
  } catch {
    // The writer's side failed (its own failure is what the import reports): nothing more can be stored.
    return reason;
  }
  return `${reason}; reading stopped after ${last.part !== null ? `${last.part}, ` : ''}line ${last.line.toLocaleString('en')}, and the records before it were kept`;
}
