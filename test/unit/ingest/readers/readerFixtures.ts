/**
 * Helpers for the reader tests: byte streams cut at chosen sizes, collected items, and zips
 * built with yazl (patched by hand where yazl rightly refuses to write a hostile archive).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { openInput, type OpenInputOptions } from '../../../../src-main/engine/ingest/readers/containers';
import type { ReadItem, SourcePart } from '../../../../src-main/engine/ingest/readers/readItem';

export async function* chunksOf(bytes: Buffer | string, size = 64 * 1024): AsyncGenerator<Buffer> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

/** Cuts at the given sizes in turn (fast-check chooses them), so chunk borders land anywhere. */
export async function* chunksBy(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Buffer> {
  const buffer = Buffer.from(bytes);
  let at = 0;
  for (let k = 0; at < buffer.length; k += 1) {
    const size = Math.max(1, sizes.length === 0 ? buffer.length : sizes[k % sizes.length]!);
    yield buffer.subarray(at, at + size);
    at += size;
  }
}

export async function collect(records: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of records) items.push(item);
  return items;
}

/** `line:value-json` for records and `line:!reason` for rejections: easy to compare whole. */
export function brief(items: readonly ReadItem[]): string[] {
  return items.map((item) => (item.kind === 'record' ? `${item.position.line}:${JSON.stringify(item.value)}` : `${item.position.line}:!${item.reason}`));
}

export interface ReadPart {
  part: Omit<SourcePart, 'records'>;
  items: ReadItem[];
}

export async function readInput(path: string, options: OpenInputOptions = {}): Promise<ReadPart[]> {
  const parts: ReadPart[] = [];
  for await (const part of openInput(path, options)) {
    const { records, ...rest } = part;
    parts.push({ part: rest, items: await collect(records) });
  }
  return parts;
}

/** The number of the last line a reader may name: one per LF, plus the line after the last LF. */
export function lastLineOf(bytes: Uint8Array): number {
  let lines = 1;
  for (const b of bytes) if (b === 0x0a) lines += 1;
  return lines;
}

export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  /** a stream of this many zero bytes (for bombs) instead of data */
  zeros?: number;
  compress?: boolean;
  mode?: number;
  directory?: boolean;
}

function zeroStream(total: number): Readable {
  const block = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      this.push(piece);
    },
  });
}

export function buildZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  for (const entry of entries) {
    if (entry.directory) zip.addEmptyDirectory(entry.name, { mtime });
    else if (entry.zeros !== undefined) zip.addReadStream(zeroStream(entry.zeros), entry.name, { mtime, compress: entry.compress ?? true, ...(entry.mode === undefined ? {} : { mode: entry.mode }) });
    else zip.addBuffer(Buffer.from(entry.data ?? ''), entry.name, { mtime, compress: entry.compress ?? true, ...(entry.mode === undefined ? {} : { mode: entry.mode }) });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => parts.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

/** Replaces every occurrence of `from` (local header and central directory) by `to`, same length. */
export function patchName(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('patched names must have the same byte length');
  const out = Buffer.from(zip);
  for (let at = out.indexOf(a); at !== -1; at = out.indexOf(a, at + 1)) b.copy(out, at);
  return out;
}

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Offsets of every central-directory file header (APPNOTE.TXT §4.3.12). */
export function centralHeaders(zip: Buffer): number[] {
  const found: number[] = [];
  for (let at = 0; at + 4 <= zip.length; at += 1) if (zip.readUInt32LE(at) === CENTRAL_HEADER) found.push(at);
  return found;
}

/** Sets general-purpose flag bits in every local and central header (e.g. bit 0, encrypted). */
export function setFlagBits(zip: Buffer, bits: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at + 4 <= out.length; at += 1) {
    const signature = out.readUInt32LE(at);
    if (signature === LOCAL_HEADER) out.writeUInt16LE(out.readUInt16LE(at + 6) | bits, at + 6);
    if (signature === CENTRAL_HEADER) out.writeUInt16LE(out.readUInt16LE(at + 8) | bits, at + 8);
  }
  return out;
}

/** Every file under `folder`, recursively, relative to it. */
export function listTree(folder: string, prefix = ''): string[] {
  const names: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    names.push(prefix + name);
    if (statSync(path).isDirectory()) names.push(...listTree(path, `${prefix}${name}/`));
  }
  return names.sort();
}
