/**
 * Re-packs the parts of an XLSX workbook (ECMA-376 Part 2, OPC: a zip) that exceljs's
 * streaming reader needs, in the order it needs them, as a stream of stored zip entries.
 *
 * Why: exceljs's WorkbookReader reads the zip front to back and, when a worksheet comes
 * before the shared-strings part — as Excel itself writes them — it copies the worksheet to a
 * temporary file and reads it later. That would put an unencrypted copy of evidence in the
 * OS temp folder, and readers here write nothing to disk. With random access (yauzl) we hand
 * it the workbook, relationships, styles and shared strings first and the first sheet last,
 * so it streams the sheet straight through. We also inflate each part ourselves, so the
 * container caps see every byte (APPNOTE.TXT §4.4.5 method 8), and store it (method 0) for
 * exceljs with the exact size in the local header (§4.3.7).
 */
import { Readable } from 'node:stream';
import { AppError } from '../../../../src-shared/errors';
import { formatBytes, type ExpansionBudget } from './containerLimits';
import { inflate, type Compression } from './inflate';
import { openRawStream, type ZipArchive, type ZipMember } from './zipArchive';

/** workbook.xml and its relationships are small; anything bigger is not a sane workbook. */
const MAX_METADATA_BYTES = 16 * 1024 * 1024;
/** exceljs keeps every shared string in memory; past this, the auditor should export CSV. */
export const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;
/** A stored entry's size must fit the local header without ZIP64 (APPNOTE.TXT §4.4.8). */
const MAX_STORED_BYTES = 0xffffffff;

const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

function compressionOf(file: string, member: ZipMember): Compression {
  if (member.entry.compressionMethod === 0) return 'stored';
  if (member.entry.compressionMethod === 8) return 'deflate';
  throw new AppError('UNSUPPORTED_FORMAT', `${file}: workbook part ${member.name} uses compression method ${member.entry.compressionMethod}, which is not read`);
}

export function memberBytes(archive: ZipArchive, member: ZipMember, file: string, budget: ExpansionBudget): AsyncGenerator<Buffer> {
  return (async function* () {
    const raw = await openRawStream(archive, member);
    try {
      yield* inflate(raw, compressionOf(file, member), budget, `${file}: ${member.name}`, member.entry.uncompressedSize, member.entry.crc32);
    } finally {
      raw.destroy();
    }
  })();
}

async function readSmall(archive: ZipArchive, member: ZipMember, file: string, budget: ExpansionBudget): Promise<Buffer> {
  if (member.entry.uncompressedSize > MAX_METADATA_BYTES) {
    throw new AppError('UNSUPPORTED_FORMAT', `${file}: workbook part ${member.name} is ${formatBytes(member.entry.uncompressedSize)}, too large for a workbook description`);
  }
  const parts: Buffer[] = [];
  for await (const chunk of memberBytes(archive, member, file, budget)) parts.push(chunk);
  return Buffer.concat(parts);
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) found.set(match[1]!, match[3] ?? match[4] ?? '');
  return found;
}

/** Relationship targets are relative to the source part's folder, or absolute from the package root (OPC §9.3). */
function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
}

export interface WorkbookParts {
  workbook: ZipMember;
  relationships: ZipMember;
  sheet: ZipMember;
  styles: ZipMember | null;
  sharedStrings: ZipMember | null;
}

/** Finds the first sheet in workbook order (not zip order) and the parts exceljs needs. */
export async function locateWorkbookParts(archive: ZipArchive, file: string, budget: ExpansionBudget): Promise<WorkbookParts> {
  const byName = new Map(archive.members.map((m) => [m.name, m]));
  const workbook = byName.get('xl/workbook.xml');
  const relationships = byName.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !relationships) throw new AppError('UNSUPPORTED_FORMAT', `${file}: not an XLSX workbook (xl/workbook.xml or its relationships are missing)`);
  const workbookXml = (await readSmall(archive, workbook, file, budget)).toString('utf8');
  const relsXml = (await readSmall(archive, relationships, file, budget)).toString('utf8');

  const targets = new Map<string, { type: string; target: string }>();
  for (const match of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const attrs = attributes(match[0]);
    const id = attrs.get('Id');
    if (id !== undefined) targets.set(id, { type: attrs.get('Type') ?? '', target: attrs.get('Target') ?? '' });
  }
  const firstSheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbookXml);
  const sheetRid = firstSheet ? [...attributes(firstSheet[0])].find(([name]) => /(^|:)id$/.test(name) && name !== 'sheetId')?.[1] : undefined;
  const sheetTarget = sheetRid === undefined ? undefined : targets.get(sheetRid)?.target;
  const sheet =
    (sheetTarget !== undefined ? byName.get(resolveTarget(sheetTarget)) : undefined) ??
    archive.members.filter((m) => /^xl\/worksheets\/[^/]+\.xml$/.test(m.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0];
  if (!sheet) throw new AppError('UNSUPPORTED_FORMAT', `${file}: the workbook has no worksheet`);

  const byType = (suffix: string, fallback: string): ZipMember | null => {
    const rel = [...targets.values()].find((r) => r.type.endsWith(suffix));
    return (rel ? byName.get(resolveTarget(rel.target)) : undefined) ?? byName.get(fallback) ?? null;
  };
  const sharedStrings = byType('/sharedStrings', 'xl/sharedStrings.xml');
  if (sharedStrings && sharedStrings.entry.uncompressedSize > MAX_SHARED_STRINGS_BYTES) {
    throw new AppError(
      'UNSUPPORTED_FORMAT',
      `${file}: the workbook's shared strings are ${formatBytes(sharedStrings.entry.uncompressedSize)}, more than the ${formatBytes(MAX_SHARED_STRINGS_BYTES)} that can be held in memory; save the sheet as CSV and import that`,
    );
  }
  return { workbook, relationships, sheet, styles: byType('/styles', 'xl/styles.xml'), sharedStrings };
}

function localHeader(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const header = Buffer.alloc(30 + nameBytes.length);
  header.writeUInt32LE(0x04034b50, 0); // local file header signature
  header.writeUInt16LE(20, 4); // version needed: 2.0
  header.writeUInt16LE(0x0800, 6); // bit 11: the name is UTF-8
  header.writeUInt16LE(0, 8); // method 0: stored
  header.writeUInt32LE(size, 18); // compressed size
  header.writeUInt32LE(size, 22); // uncompressed size
  header.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(header, 30);
  return header;
}

async function* storedEntry(name: string, size: number, bytes: AsyncIterable<Buffer> | Iterable<Buffer>, what: string): AsyncGenerator<Buffer> {
  if (size > MAX_STORED_BYTES) throw new AppError('UNSUPPORTED_FORMAT', `${what} is larger than 4 GiB; save the sheet as CSV and import that`);
  yield localHeader(name, size);
  let written = 0;
  for await (const chunk of bytes) {
    written += chunk.length;
    yield chunk;
  }
  if (written !== size) throw new AppError('IO_ERROR', `${what} ends after ${written} of the ${size} bytes its header declares`);
}

/** The stream exceljs reads: the parts under the names it looks for, the first sheet last. */
export function repackedWorkbook(archive: ZipArchive, parts: WorkbookParts, file: string, budget: ExpansionBudget): Readable {
  const member = (m: ZipMember, as: string): AsyncGenerator<Buffer> => storedEntry(as, m.entry.uncompressedSize, memberBytes(archive, m, file, budget), `${file}: ${m.name}`);
  async function* entries(): AsyncGenerator<Buffer> {
    yield* member(parts.relationships, 'xl/_rels/workbook.xml.rels');
    yield* member(parts.workbook, 'xl/workbook.xml');
    if (parts.styles) yield* member(parts.styles, 'xl/styles.xml');
    // exceljs streams a sheet only once it has shared strings: give it an empty table if there is none.
    if (parts.sharedStrings) yield* member(parts.sharedStrings, 'xl/sharedStrings.xml');
    else yield* storedEntry('xl/sharedStrings.xml', EMPTY_SHARED_STRINGS.length, [EMPTY_SHARED_STRINGS], 'shared strings');
    yield* member(parts.sheet, 'xl/worksheets/sheet1.xml');
  }
  return Readable.from(entries(), { objectMode: false });
}
