import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src-shared/imports';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { openEncryptedDatabase, type Db, type DbCipher } from '../../src-main/engine/store/database';
import { createEngagement, unlockWithPassphrase } from '../../src-main/engine/workspace/engagementFolder';
import { AppError } from '../../src-shared/errors';
import { folderDigests, tempDir } from '../support/tempDir';
import { fileExportNdjson } from '../support/fileExportLines';
import { cleanupsAfterEach, value } from '../support/engineTests';
import { expected, stored } from '../support/indexTables';
import { SECONDARY_INDEXES, presentSecondaryIndexes } from '../../src-main/engine/store/eventIndexes';

const PASS = 'correct horse battery staple';
const cleanups = cleanupsAfterEach();


async function setup() {
  const dir = tempDir();
  const client = createInProcessEngine({ stateDir: join(dir.path, 'state'), engagementsRoot: dir.path, transport: 'test' });
  cleanups.push(dir.cleanup, () => client.close());
  const folder = join(dir.path, 'acme-q1');
  value(await client.call('engagement.create', { folder, name: 'Acme Q1', periodFrom: '2026-01-01', periodTo: '2026-03-31', timeZone: 'Europe/Berlin', passphrase: PASS }));
  return { dir: dir.path, client, folder };
}

async function importFile(client: Awaited<ReturnType<typeof setup>>['client'], path: string): Promise<ImportResult> {
  const job = value(await client.call('import.start', { paths: [path] }));
  const done = await client.engine.waitForJob(job.id);
  expect(done.status).toBe('COMPLETED');
  return done.result as ImportResult;
}

describe('engagement lifecycle', () => {
  it('creates, closes and reopens an engagement and lists it as recent', async () => {
    const { client, folder } = await setup();
    value(await client.call('engagement.close', {}));
    expect(value(await client.call('engagement.current', {}))).toBeNull();
    const summary = value(await client.call('engagement.open', { folder, passphrase: PASS }));
    expect(summary).toMatchObject({ name: 'Acme Q1', periodFrom: '2026-01-01', periodTo: '2026-03-31', timeZone: 'Europe/Berlin', eventCount: 0 });
    const recent = value(await client.call('engagement.recent', {}));
    expect(recent.items.map((i) => i.folder)).toEqual([folder]);
    const actions = value(await client.call('activity.list', {})).entries.map((e) => e.action);
    expect(actions).toEqual(['engagement.created', 'engagement.closed', 'engagement.opened']);
  });

  it('answers WRONG_PASSPHRASE and leaves every file byte-for-byte unchanged', async () => {
    const { client, folder, dir } = await setup();
    const sample = join(dir, 'sample.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 50 }));
    await importFile(client, sample);
    value(await client.call('engagement.close', {}));
    const before = folderDigests(folder);
    const result = await client.call('engagement.open', { folder, passphrase: 'not the passphrase' });
    expect(result).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: expect.stringMatching(/does not unlock/) } });
    expect(folderDigests(folder)).toEqual(before);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['engagement.db', 'keys.json']));
  });

  it('refuses to create an engagement over an existing one', async () => {
    const { client, folder } = await setup();
    const again = await client.call('engagement.create', { folder, name: 'Other', periodFrom: '2026-01-01', periodTo: '2026-01-31', timeZone: 'UTC', passphrase: PASS });
    expect(again.ok ? 'ok' : again.error.code).toBe('ENGAGEMENT_EXISTS');
  });

  it('answers NOT_AN_ENGAGEMENT for a folder without a key wrapper', async () => {
    const { client, dir } = await setup();
    const result = await client.call('engagement.open', { folder: join(dir, 'nowhere'), passphrase: PASS });
    expect(result.ok ? 'ok' : result.error.code).toBe('NOT_AN_ENGAGEMENT');
  });

  it('rejects an off-contract request before any handler runs, without echoing values', async () => {
    const { client, dir } = await setup();
    const result = await client.call('engagement.create', { folder: join(dir, 'x'), name: 'X', periodFrom: '2026-02-01', periodTo: '2026-01-01', timeZone: 'UTC', passphrase: 'short' } as never);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(result)).not.toContain('short"');
    expect(readdirSync(dir)).not.toContain('x');
  });
});

/** Whether the engagement's database opens with its data key under `cipher` (closed again at once), else the error's code. */
async function opensWith(folder: string, cipher: DbCipher): Promise<string> {
  const key = await unlockWithPassphrase(folder, PASS);
  try {
    openEncryptedDatabase(join(folder, 'engagement.db'), key, { create: false, cipher }).close();
    return 'opens';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

/** Every file in the folder holding one of the needles, as `file: needle`. */
function plaintextHits(folder: string, needles: string[]): { files: string[]; hits: string[] } {
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(folder, name)).isFile());
  const hits: string[] = [];
  for (const name of files) {
    const bytes = readFileSync(join(folder, name));
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${name}: ${needle}`);
  }
  return { files, hits };
}

describe('no plaintext at rest', () => {
  it('encrypts the pages of a new engagement with AEGIS-256, the cipher its key wrapper names', async () => {
    const { client, folder } = await setup();
    value(await client.call('engagement.close', {}));
    expect(JSON.parse(readFileSync(join(folder, 'keys.json'), 'utf8'))).toMatchObject({ dbCipher: 'aegis-256' });
    expect(await opensWith(folder, 'aegis-256')).toBe('opens');
    expect(await opensWith(folder, 'chacha20')).toBe('CORRUPT');
  });

  it('an engagement made before AEGIS-256 keeps its ChaCha20 pages: it opens, imports and pages as before, and no marker reaches its files', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const folder = join(dir.path, 'older');
    const created = await createEngagement({ folder, name: 'Older Q4', periodFrom: '2025-10-01', periodTo: '2025-12-31', timeZone: 'UTC', passphrase: PASS }, 'test', { cipher: 'chacha20' });
    created.db.close();
    const client = createInProcessEngine({ stateDir: join(dir.path, 'state'), engagementsRoot: dir.path, transport: 'test' });
    cleanups.push(() => client.close());
    value(await client.call('engagement.open', { folder, passphrase: PASS }));
    const marker = 'MARKER-OLDER-c4d1';
    const sample = join(dir.path, 'markers.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 500, marker }));
    expect((await importFile(client, sample)).imported).toBe(500);
    const page = value(await client.call('events.page', { limit: 5 }));
    expect(page.rows.map((row) => row.eventId)).toEqual(['evt_00000499', 'evt_00000498', 'evt_00000497', 'evt_00000496', 'evt_00000495']);
    expect(JSON.parse(value(await client.call('events.get', { uid: page.rows[0]!.uid })).raw)).toMatchObject({ id: 'evt_00000499' });
    expect(plaintextHits(folder, [marker, 'Older Q4']).hits).toEqual([]);
    value(await client.call('engagement.close', {}));
    expect(JSON.parse(readFileSync(join(folder, 'keys.json'), 'utf8'))).toMatchObject({ dbCipher: 'chacha20' });
    expect(await opensWith(folder, 'chacha20')).toBe('opens');
    expect(await opensWith(folder, 'aegis-256')).toBe('CORRUPT');
  });

  it('keeps marker strings out of every file of the engagement folder, open and closed', async () => {
    const { client, folder, dir } = await setup();
    const marker = 'MARKER-PLAINTEXT-7f3a';
    const sample = join(dir, 'markers.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 3000, marker }));
    const result = await importFile(client, sample);
    expect(result.imported).toBe(3000);
    const scan = () => plaintextHits(folder, [marker, 'Zoë Müller', 'user3@example.com', 'Acme Q1']);
    const whileOpen = scan();
    // the database, its WAL, the key wrapper, and the encrypted original (exclusive locking keeps
    // the WAL index in memory: no -shm file)
    expect(whileOpen.files).toEqual(expect.arrayContaining(['engagement.db', 'engagement.db-wal', 'keys.json', expect.stringMatching(/^originals\/[0-9a-f]{64}\.aworig$/)]));
    expect(whileOpen.hits).toEqual([]);
    value(await client.call('engagement.close', {}));
    expect(scan().hits).toEqual([]);
  });

  it('creates the folder, the originals folder and every file in them readable by this user alone, the WAL too', async () => {
    const { client, folder, dir } = await setup();
    const sample = join(dir, 'sample.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 50 }));
    await importFile(client, sample);
    const entries = ['', ...readdirSync(folder, { recursive: true, encoding: 'utf8' })];
    expect(entries).toEqual(expect.arrayContaining(['engagement.db', 'engagement.db-wal', 'keys.json', 'originals']));
    const modes = entries.map((name) => {
      const info = statSync(join(folder, name));
      return [name, (info.mode & 0o777).toString(8)];
    });
    expect(modes).toEqual(entries.map((name) => [name, statSync(join(folder, name)).isDirectory() ? '700' : '600']));
  });
});

describe('import', () => {
  it('imports the file-export NDJSON and adds 0 events when the same file is imported again', async () => {
    const { client, dir } = await setup();
    const sample = join(dir, 'sample.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 1234 }));
    const first = await importFile(client, sample);
    expect(first).toMatchObject({ imported: 1234, duplicates: 0, rejected: 0 });
    expect(first.files[0]).toMatchObject({ format: 'ndjson', platform: 'Audit-log file export (CSV / NDJSON)', read: 1234, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), failure: null });
    const second = await importFile(client, sample);
    expect(second).toMatchObject({ imported: 0, duplicates: 1234, rejected: 0 });
    expect(value(await client.call('events.stats', {})).total).toBe(1234);
  });

  it('quarantines bad lines with their line numbers and keeps the good ones', async () => {
    const { client, dir } = await setup();
    const good = fileExportNdjson({ count: 3 }).trim().split('\n');
    const lines = [good[0], '{not json', good[1], '', JSON.stringify({ id: 'x', type: 'user.signed_in' }), good[2]];
    const sample = join(dir, 'mixed.ndjson');
    writeFileSync(sample, `${lines.join('\r\n')}\r\n`);
    const result = await importFile(client, sample);
    expect(result).toMatchObject({ imported: 3, rejected: 2 });
    expect(result.files[0]?.errors).toEqual([
      { part: null, line: 2, reason: expect.stringMatching(/JSON/) },
      { part: null, line: 5, reason: expect.stringMatching(/occurred_at/) },
    ]);
  });

  it('reports a file it cannot read without storing anything from it', async () => {
    const { client, dir } = await setup();
    const csv = join(dir, 'not-ndjson.txt');
    writeFileSync(csv, 'hello,world\n1,2\n');
    const job = value(await client.call('import.start', { paths: [csv, join(dir, 'missing.ndjson')] }));
    const done = await client.engine.waitForJob(job.id);
    const result = done.result as ImportResult;
    expect(result.files.map((f) => f.failure)).toEqual([expect.stringMatching(/not-ndjson\.txt \(csv\) does not look like any known audit-log export/), expect.stringMatching(/missing\.ndjson/)]);
    expect(value(await client.call('events.stats', {})).total).toBe(0);
  });

  it('records the import in the activity log with file name, SHA-256 and counts', async () => {
    const { client, dir } = await setup();
    const sample = join(dir, 'sample.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 10 }));
    const result = await importFile(client, sample);
    const entry = value(await client.call('activity.list', {})).entries.find((e) => e.action === 'import.completed');
    expect(entry?.details).toMatchObject({ file: 'sample.ndjson', sha256: result.files[0]?.sha256, read: 10, imported: 10, duplicates: 0, rejected: 0 });
    expect(value(await client.call('activity.verify', {}))).toEqual({ chain: 'intact', entries: 2 });
  });

  it('keeps every committed batch of a cancelled import and reports exactly what was stored', async () => {
    const { client, dir } = await setup();
    const sample = join(dir, 'big.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 60_000 }));
    const job = value(await client.call('import.start', { paths: [sample] }));
    const unsubscribe = client.onEvent((event) => {
      if (event.type === 'job' && event.job.progress.done > 0) void client.call('jobs.cancel', { id: job.id });
    });
    const done = await client.engine.waitForJob(job.id);
    unsubscribe();
    expect(done.status).toBe('CANCELLED');
    const result = done.result as ImportResult;
    const stored = value(await client.call('events.stats', {})).total;
    expect(stored).toBe(result.imported);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(60_000);
    const entry = value(await client.call('activity.list', {})).entries.find((e) => e.action === 'import.cancelled');
    expect(entry?.details).toMatchObject({ imported: stored, sha256: null });
  });

  it('imports a truncated gzip up to the damage, quarantines the damage with where reading stopped, and keeps the file and its digest', async () => {
    const { client, dir, folder } = await setup();
    // More than one batch of records, then cut off: the end of the stream (and its CRC) is missing.
    const whole = gzipSync(Buffer.from(fileExportNdjson({ count: 45_000 })), { level: 1 });
    const cut = whole.subarray(0, Math.floor(whole.length * 0.9));
    const path = join(dir, 'export.ndjson.gz');
    writeFileSync(path, cut);
    // The complete lines zlib recovers from what is left: every one of them is a record to keep.
    const recovered = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const lines = recovered.toString('utf8').split('\n').length - 1;
    expect(lines).toBeGreaterThan(32_768);
    expect(lines).toBeLessThan(45_000);

    const result = await importFile(client, path);
    const [file] = result.files;
    const sha256 = createHash('sha256').update(cut).digest('hex');
    expect(file).toMatchObject({ read: lines + 1, imported: lines, duplicates: 0, rejected: 1, sha256, failure: null });
    expect(file?.errors).toEqual([{ part: 'export.ndjson', line: 0, reason: `reading stopped after line ${lines}: export.ndjson.gz: the gzip data is damaged or truncated (unexpected end of file)` }]);
    expect(value(await client.call('events.stats', {})).total).toBe(lines);
    // The file as received, damage and all, is kept for evidence packs.
    expect(readdirSync(join(folder, 'originals'))).toEqual([`${sha256}.aworig`]);
    // Importing the same damaged file again adds nothing.
    const again = await importFile(client, path);
    expect(again.files[0]).toMatchObject({ read: lines + 1, imported: 0, duplicates: lines, rejected: 1 });
  });

  it('pages newest first with a keyset cursor and filters by category', async () => {
    const { client, dir } = await setup();
    const sample = join(dir, 'sample.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 25 }));
    await importFile(client, sample);
    const first = value(await client.call('events.page', { limit: 10 }));
    const second = value(await client.call('events.page', { limit: 10, after: first.next }));
    const third = value(await client.call('events.page', { limit: 10, after: second.next }));
    const ids = [...first.rows, ...second.rows, ...third.rows].map((r) => r.eventId);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(ids[0]).toBe('evt_00000024');
    expect(ids[24]).toBe('evt_00000000');
    expect(third.next).toBeNull();
    const detail = value(await client.call('events.get', { uid: first.rows[0]!.uid }));
    expect(JSON.parse(detail.raw)).toMatchObject({ id: 'evt_00000024' });
    const stats = value(await client.call('events.stats', {}));
    const auth = value(await client.call('events.page', { filter: { categories: ['AUTH'] }, limit: 100 }));
    expect(auth.rows.length).toBe(stats.byCategory.AUTH);
    expect(auth.rows.every((r) => r.category === 'AUTH')).toBe(true);
  });
});

describe('one process at a time', () => {
  it('refuses to open an engagement another engine holds open, with ENGAGEMENT_OPEN, and opens it once released', async () => {
    const { client, folder, dir } = await setup();
    const other = createInProcessEngine({ stateDir: null, engagementsRoot: dir, transport: 'test' });
    cleanups.push(() => other.close());
    const refused = await other.call('engagement.open', { folder, passphrase: PASS });
    expect(refused.ok ? 'opened' : refused.error.code).toBe('ENGAGEMENT_OPEN');
    value(await client.call('engagement.close', {}));
    expect(value(await other.call('engagement.open', { folder, passphrase: PASS })).name).toBe('Acme Q1');
  });
});

describe('recovery after an interrupted import', () => {
  /** An engagement holding 20 imported events, and its open database (the engine's current one). */
  async function withImportedSample() {
    const opened = await setup();
    const sample = join(opened.dir, 'sample.ndjson');
    writeFileSync(sample, fileExportNdjson({ count: 20 }));
    await importFile(opened.client, sample);
    const engine = opened.client.engine as unknown as { current: { db: Db } };
    return { ...opened, db: () => engine.current.db };
  }

  it('marks a still-running import INTERRUPTED on the next open and repairs the indexes in a job after it, recording both', async () => {
    const { client, folder, dir, db } = await withImportedSample();
    // What a kill during a bulk import leaves behind: the row still RUNNING, every index
    // missing (triggers gone; the facet table emptied too and without a watermark: rebuilt
    // from scratch), the last events not yet in the search index.
    db().prepare("UPDATE imports SET status = 'RUNNING'").run();
    db().exec("DROP TRIGGER ix_facet_fill; DELETE FROM ix_facet; INSERT INTO events_fts (events_fts) VALUES ('delete-all'); UPDATE engagement_state SET value = '0' WHERE key = 'fts_through'");
    for (const table of ['ix_time', 'ix_actor', 'ix_ip', 'ix_target_id', 'ix_target_name']) {
      db().prepare("INSERT INTO engagement_state (key, value) VALUES (?, '20')").run(`index_through:${table}`);
      db().exec(`DROP TRIGGER ${table}_fill`);
    }
    value(await client.call('engagement.close', {}));
    value(await client.call('engagement.open', { folder, passphrase: PASS }));
    // Opening does not wait for the repair: it is a job, and an import asked for now waits behind it.
    const repair = value(await client.call('jobs.list', {})).jobs.find((job) => job.kind === 'indexes');
    expect(repair).toMatchObject({ status: 'RUNNING', progress: { phase: 'indexing' } });
    const again = join(dir, 'more.ndjson');
    writeFileSync(again, fileExportNdjson({ count: 5, idPrefix: 'later_' }));
    const later = value(await client.call('import.start', { paths: [again] }));
    expect(later).toMatchObject({ status: 'PENDING', progress: { phase: 'queued' } });
    const repaired = await client.engine.waitForJob(repair!.id);
    expect(repaired).toMatchObject({ status: 'COMPLETED', result: { indexes: ['events_time', 'events_facet', 'events_actor', 'events_ip', 'events_target_id', 'events_target_name'], searchable: 20, complete: true } });
    const imported = await client.engine.waitForJob(later.id);
    expect(imported.status).toBe('COMPLETED');
    expect(Date.parse(imported.createdAt)).toBeLessThanOrEqual(Date.parse(repaired.finishedAt!));
    // Every index holds every event, the later import's too; every event is searchable again.
    for (const index of SECONDARY_INDEXES) expect(stored(db(), index), index.table).toEqual(expected(db(), index));
    expect(db().prepare('SELECT count(*) FROM events').pluck().get()).toBe(25);
    expect(db().prepare("SELECT value FROM engagement_state WHERE key = 'fts_through'").pluck().get()).toBe(String(db().prepare('SELECT max(id) FROM events').pluck().get()));
    const history = value(await client.call('imports.list', {}));
    expect(history.imports.map((i) => i.status).sort()).toEqual(['COMPLETED', 'INTERRUPTED']);
    const actions = value(await client.call('activity.list', {})).entries.map((e) => [e.action, e.details]);
    expect(actions).toContainEqual(['import.interrupted', expect.objectContaining({ imported: 20 })]);
    expect(actions).toContainEqual(['indexes.rebuilt', { indexes: SECONDARY_INDEXES.map((index) => index.name) }]);
    expect(value(await client.call('activity.verify', {})).chain).toBe('intact');
  });

  it('stores a batch and its search entries in one commit: when the search entries cannot be written, nothing of the batch is stored', async () => {
    const { client, dir, db, folder } = await withImportedSample();
    db().exec('DROP TABLE events_fts');
    const more = join(dir, 'more.ndjson');
    writeFileSync(more, fileExportNdjson({ count: 5, idPrefix: 'later_' }));
    const job = value(await client.call('import.start', { paths: [more] }));
    const done = await client.engine.waitForJob(job.id);
    expect(done).toMatchObject({ status: 'FAILED', error: { message: expect.stringMatching(/no such table: events_fts/) } });
    expect(db().prepare('SELECT count(*) FROM events').pluck().get()).toBe(20);
    // The import is recorded as failed, with the reason, not left running until the next open.
    expect(db().prepare('SELECT status, imported FROM imports ORDER BY id').all()).toEqual([{ status: 'COMPLETED', imported: 20 }, { status: 'FAILED', imported: 0 }]);
    const failed = value(await client.call('activity.list', {})).entries.find((e) => e.action === 'import.failed');
    expect(failed?.details).toMatchObject({ file: 'more.ndjson', imported: 0, failure: expect.stringMatching(/^storing failed: no such table: events_fts/) });
    // The parser was stopped and removed its unfinished copy of the original.
    await expect.poll(() => readdirSync(join(folder, 'originals')).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('an open removes the scratch files of a build and the unfinished original of an import killed with their process, and nothing else', async () => {
    const { client, folder } = await withImportedSample();
    value(await client.call('engagement.close', {}));
    const leftovers = [
      'engagement.db-index_build',
      'engagement.db-index_build-journal',
      'engagement.db-index_helper-0a1b2c3d4e5f-runs',
      'engagement.db-index_helper-0a1b2c3d4e5f-chunk-131072',
      'engagement.db-index_helper-0a1b2c3d4e5f-ix_actor',
      'originals/0a1b2c3d4e5f6a7b.partial',
    ];
    for (const name of leftovers) writeFileSync(join(folder, name), 'encrypted leftovers of a killed process');
    writeFileSync(join(folder, 'notes-index_helper.txt'), "the auditor's own file");
    writeFileSync(join(folder, 'originals', 'notes.partial'), "the auditor's own file");
    const list = () => readdirSync(folder, { recursive: true, encoding: 'utf8' });
    const before = list().filter((name) => !leftovers.includes(name));
    expect(before).toEqual(expect.arrayContaining(['originals/notes.partial', expect.stringMatching(/^originals\/[0-9a-f]{64}\.aworig$/)]));
    value(await client.call('engagement.open', { folder, passphrase: PASS }));
    const after = list();
    for (const name of leftovers) expect(after).not.toContain(name);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('closing during the repair cancels it; the next open starts it again and completes it', async () => {
    const { client, folder, db } = await withImportedSample();
    db().exec('DROP TRIGGER ix_facet_fill; DELETE FROM ix_facet');
    const { keyBase64 } = value(await client.engine.internal('key.export', {}));
    value(await client.call('engagement.close', {}));
    value(await client.call('engagement.open', { folder, passphrase: PASS }));
    // A repair does not keep an engagement from being opened (here the same one, by its remembered
    // key, so no key derivation gives the repair time to finish first): it is cancelled and starts over.
    expect(value(await client.call('jobs.list', {})).jobs.map((job) => [job.kind, job.status])).toEqual([['indexes', 'RUNNING']]);
    value(await client.engine.internal('engagement.openWithKey', { folder, keyBase64 }));
    const first = value(await client.call('jobs.list', {})).jobs.find((job) => job.kind === 'indexes');
    value(await client.call('jobs.cancel', { id: first!.id }));
    expect(await client.engine.waitForJob(first!.id)).toMatchObject({ status: 'CANCELLED', result: { indexes: [], complete: false } });
    expect(presentSecondaryIndexes(db()).has('events_facet')).toBe(false);
    value(await client.call('engagement.close', {}));
    value(await client.call('engagement.open', { folder, passphrase: PASS }));
    const second = value(await client.call('jobs.list', {})).jobs.find((job) => job.kind === 'indexes');
    expect(await client.engine.waitForJob(second!.id)).toMatchObject({ status: 'COMPLETED', result: { indexes: ['events_facet'], complete: true } });
    expect(stored(db(), SECONDARY_INDEXES[1]!)).toEqual(expected(db(), SECONDARY_INDEXES[1]!));
    // Nothing to repair: no job.
    value(await client.call('engagement.close', {}));
    value(await client.call('engagement.open', { folder, passphrase: PASS }));
    expect(value(await client.call('jobs.list', {})).jobs).toEqual([]);
  });
});
