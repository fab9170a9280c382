/**
 * Jobs that write events (import, sync, demo) run one after another. A bulk import drops the
 * index triggers and, at its end, builds the indexes from their watermarks and puts the
 * triggers back; events another job stored in the meantime would be missing from indexes then
 * marked complete, and browsing would silently skip them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src-shared/imports';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { writeSyntheticNdjson } from '../../src-main/engine/demo/demoImport';
import { NEW_DB_CIPHER, openEncryptedDatabase } from '../../src-main/engine/store/database';
import { presentSecondaryIndexes, SECONDARY_INDEXES } from '../../src-main/engine/store/eventIndexes';
import { unlockWithPassphrase } from '../../src-main/engine/workspace/engagementFolder';
import { expected, stored } from '../support/indexTables';
import { tempDir } from '../support/tempDir';
import { cleanupsAfterEach, value } from '../support/engineTests';

const PASS = 'correct horse battery staple';
const cleanups = cleanupsAfterEach();


describe('jobs that write events', () => {
  it('wait for the one before them: an import asked for during a bulk import\'s index build runs after it, and every index holds every event', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const client = createInProcessEngine({ stateDir: null, engagementsRoot: dir.path, transport: 'test' });
    const folder = join(dir.path, 'acme');
    value(await client.call('engagement.create', { folder, name: 'Acme', periodFrom: '2026-01-01', periodTo: '2026-06-30', timeZone: 'UTC', passphrase: PASS }));
    // Big enough (> 40 MB) to be a bulk import; the small one is a different tenant's events.
    const big = join(dir.path, 'big.ndjson');
    const small = join(dir.path, 'small.ndjson');
    await writeSyntheticNdjson(big, { seed: 1, count: 70_000 });
    await writeSyntheticNdjson(small, { seed: 2, count: 300 });

    const first = value(await client.call('import.start', { paths: [big] }));
    // The second import is asked for while the first builds its indexes.
    const seen: string[] = [];
    const others = new Set<string>();
    const announced = new Set<string>();
    const building = new Promise<void>((resolve) => {
      client.onEvent((event) => {
        if (event.type !== 'job') return;
        if (event.job.id === first.id && event.job.progress.phase === 'indexing') resolve();
        if (event.job.status === 'RUNNING') announced.add(`${event.job.id === first.id ? 'first' : 'second'} ${event.job.progress.phase} then ${event.job.progress.next ?? 'nothing'}`);
        if (event.job.status !== 'PENDING' && !others.has(event.job.id)) seen.push(`${event.job.id === first.id ? 'first' : 'second'} ${event.job.status}`);
      });
    });
    await building;
    const second = value(await client.call('import.start', { paths: [small] }));
    expect(second.status).toBe('PENDING');
    // A third, cancelled while it waits, stores nothing and starts nothing (no index dropped).
    const third = value(await client.call('import.start', { paths: [big] }));
    others.add(third.id);
    value(await client.call('jobs.cancel', { id: third.id }));
    const [a, b, c] = await Promise.all([client.engine.waitForJob(first.id), client.engine.waitForJob(second.id), client.engine.waitForJob(third.id)]);
    expect(c.status).toBe('CANCELLED');
    expect(c.result).toEqual({ files: [], imported: 0, duplicates: 0, rejected: 0 });
    expect(a.status).toBe('COMPLETED');
    expect(b.status).toBe('COMPLETED');
    // The second ran only once the first had finished.
    const unique = seen.filter((line, i) => seen.indexOf(line) === i);
    expect(unique.filter((line) => line.startsWith('second'))).toEqual(['second RUNNING', 'second COMPLETED']);
    expect(unique.indexOf('first COMPLETED')).toBeLessThan(unique.indexOf('second RUNNING'));
    // Only the bulk import announces its index build, and only while it stores events.
    // (Progress events are throttled: a short phase may go unseen, so only what was seen is checked.)
    expect(announced).toContain('first import then indexing');
    expect(announced).toContain('first indexing then nothing');
    expect([...announced].filter((line) => line.endsWith('then indexing'))).toEqual(['first import then indexing']);
    const imported = (a.result as ImportResult).imported + (b.result as ImportResult).imported;
    expect((b.result as ImportResult).imported).toBe(300);
    await client.close();

    const db = openEncryptedDatabase(join(folder, 'engagement.db'), await unlockWithPassphrase(folder, PASS), { create: false, cipher: NEW_DB_CIPHER });
    try {
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(imported);
      expect(db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(2);
      expect(presentSecondaryIndexes(db).size).toBe(SECONDARY_INDEXES.length);
      for (const index of SECONDARY_INDEXES) expect(stored(db, index), index.table).toEqual(expected(db, index));
    } finally {
      db.close();
    }
  });
});
