import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../src-shared/event';
import type { EventFilter, PageCursor } from '../../src-shared/query';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { fileExportNdjson } from '../support/fileExportLines';
import { tempDir } from '../support/tempDir';
import { cleanupsAfterEach, value } from '../support/engineTests';

const PASS = 'correct horse battery staple';
const cleanups = cleanupsAfterEach();


async function setup() {
  const dir = tempDir();
  const client = createInProcessEngine({ stateDir: join(dir.path, 'state'), engagementsRoot: dir.path, transport: 'test' });
  cleanups.push(dir.cleanup, () => client.close());
  value(await client.call('engagement.create', { folder: join(dir.path, 'eng'), name: 'Browse', periodFrom: '2026-02-01', periodTo: '2026-03-31', timeZone: 'UTC', passphrase: PASS }));
  const importLines = async (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    const job = value(await client.call('import.start', { paths: [path] }));
    expect((await client.engine.waitForJob(job.id)).status).toBe('COMPLETED');
  };
  return { client, importLines };
}

type Client = Awaited<ReturnType<typeof setup>>['client'];

/** Every row of a filter in order, through keyset pages. */
async function listing(client: Client, filter: EventFilter, order: 'desc' | 'asc'): Promise<string[]> {
  const uids: string[] = [];
  let after: PageCursor | null = null;
  for (;;) {
    const page: { rows: EventRow[]; next: PageCursor | null } = value(await client.call('events.page', { filter, order, limit: 97, after }));
    uids.push(...page.rows.map((r) => r.uid));
    if (!page.next) return uids;
    after = page.next;
  }
}

async function expectWindowsMatchListing(client: Client, filters: EventFilter[]): Promise<void> {
  for (const filter of filters) {
    for (const order of ['desc', 'asc'] as const) {
      const all = await listing(client, filter, order);
      expect(value(await client.call('events.count', { filter })).total).toBe(all.length);
      for (const offset of [0, 1, 250, Math.floor(all.length / 2), Math.max(0, all.length - 40)]) {
        const window = value(await client.call('events.window', { filter, order, offset, limit: 60 }));
        expect(window.rows.map((r) => r.uid)).toEqual(all.slice(offset, offset + 60));
      }
    }
  }
}

describe('browse through the engine', () => {
  it('answers count and windows equal to the keyset listing, before and after another import', async () => {
    const { client, importLines } = await setup();
    await importLines('first.ndjson', fileExportNdjson({ count: 900, startIso: '2026-03-01T08:00:00Z' }));
    const filters: EventFilter[] = [{}, { actions: ['user.sign_in_failed', 'file.downloaded'] }, { actor: 'user3@example.com' }, { search: 'document' }, { outcomes: ['failure'], ip: '203.0.113.' }];
    await expectWindowsMatchListing(client, filters);
    // Events before, among and after the first ones: every cached count and checkpoint is stale.
    await importLines('second.ndjson', fileExportNdjson({ count: 700, idPrefix: 'evt2_', startIso: '2026-02-28T20:00:00Z' }));
    await expectWindowsMatchListing(client, filters);
    expect(value(await client.call('events.count', {})).total).toBe(1600);
  });

  it('serves the dashboard, the histogram, coverage and suggestions on imported events', async () => {
    const { client, importLines } = await setup();
    await importLines('events.ndjson', fileExportNdjson({ count: 500, startIso: '2026-03-01T08:00:00Z' }));
    const summary = value(await client.call('dashboard.summary', {}));
    expect(summary.total).toBe(500);
    expect(Object.keys(summary.byCategory)).toHaveLength(14);
    expect(summary.activeUsers).toBe(7);
    const histogram = value(await client.call('dashboard.histogram', { filter: {}, stackBy: 'severity', buckets: 24 }));
    expect(histogram.counts.flat().reduce((a, b) => a + b, 0)).toBe(500);
    const coverage = value(await client.call('dashboard.coverage', {}));
    expect(coverage).toMatchObject({ periodFrom: '2026-02-01', periodTo: '2026-03-31', sources: [{ sourceId: 'file-export', retentionFrom: null }] });
    // 500 minutes of events from March 1st, 08:00: silent from February 1st and after March 1st, 16:19.
    expect(coverage.sources[0]?.gaps.map((g) => g.from.slice(0, 10))).toEqual(['2026-02-01', '2026-03-01']);
    const actions = value(await client.call('events.distinct', { field: 'action', prefix: 'user.', limit: 10 }));
    expect(actions.values.map((v) => v.value).sort()).toEqual(['user.sign_in_failed', 'user.signed_in']);
  });

  it('saves, replaces, lists and removes views, and records each change in the activity log', async () => {
    const { client } = await setup();
    const state = { filter: { categories: ['AUTH' as const], minSeverity: 'WARNING' as const }, order: 'asc' as const, columns: [{ id: 'time', width: 180, hidden: false }] };
    const saved = value(await client.call('views.save', { name: 'Failed sign-ins', state }));
    expect(saved).toMatchObject({ name: 'Failed sign-ins', state });
    value(await client.call('views.save', { name: 'Failed sign-ins', state: { ...state, order: 'desc' } }));
    value(await client.call('views.save', { name: 'All', state: {} }));
    const views = value(await client.call('views.list', {})).views;
    expect(views.map((v) => [v.name, v.state.order])).toEqual([
      ['All', 'desc'],
      ['Failed sign-ins', 'desc'],
    ]);
    expect(value(await client.call('views.remove', { name: 'All' }))).toEqual({ removed: true });
    expect(value(await client.call('views.remove', { name: 'All' }))).toEqual({ removed: false });
    expect(value(await client.call('views.list', {})).views.map((v) => v.name)).toEqual(['Failed sign-ins']);
    const activity = value(await client.call('activity.list', {})).entries.filter((e) => e.action.startsWith('view.'));
    expect(activity.map((e) => [e.action, e.details])).toEqual([
      ['view.saved', { name: 'Failed sign-ins' }],
      ['view.saved', { name: 'Failed sign-ins' }],
      ['view.saved', { name: 'All' }],
      ['view.removed', { name: 'All' }],
    ]);
    expect(value(await client.call('activity.verify', {})).chain).toBe('intact');
  });
});
