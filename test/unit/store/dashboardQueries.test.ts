import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../../src-shared/event';
import type { EventFilter } from '../../../src-shared/query';
import { formatMicros, parseInstant } from '../../../src-shared/time';
import { bucketLayout, coverage, dashboardSummary, histogram } from '../../../src-main/engine/store/dashboardQueries';
import { distinctValues } from '../../../src-main/engine/store/distinctValues';
import { EventBrowser } from '../../../src-main/engine/store/eventBrowser';
import { boundMicros } from '../../../src-main/engine/store/filterSql';
import { refreshRollups } from '../../../src-main/engine/store/rollups';
import type { Db } from '../../../src-main/engine/store/database';
import { DATASET_START, DAY, HOUR, generateEvents, idOfUid, insertEvents, matchesFilter, openDatasetDb, ordered, type TestEvent } from '../../support/browseDataset';

const micros = (iso: string) => parseInstant(iso)!.micros;

function inRange(e: TestEvent, range: { from?: string; to?: string }): boolean {
  return (range.from === undefined || e.occurred_at >= boundMicros(range.from, 'from')) && (range.to === undefined || e.occurred_at < boundMicros(range.to, 'to'));
}

function identity(e: TestEvent): string | null {
  if (e.actor_id !== null) return `id:${e.actor_id}`;
  if (e.actor_email !== null) return `email:${e.actor_email.replace(/[A-Z]/g, (c) => c.toLowerCase())}`;
  return e.actor_name === null ? null : `name:${e.actor_name}`;
}

describe('dashboard over a generated engagement', () => {
  let db: Db;
  let cleanup: () => void;
  const events = generateEvents(31, 1500, { days: 6 });

  beforeAll(async () => {
    ({ db, cleanup } = openDatasetDb());
    await insertEvents(db, events);
  });
  afterAll(() => cleanup());

  const RANGES = [
    {},
    { from: '2026-03-02', to: '2026-03-04' },
    { from: '2026-03-01T07:30:00Z', to: '2026-03-05T13:15:00Z' },
    { from: '2026-03-02T03:00:00Z', to: '2026-03-02T09:00:00Z' },
    { from: '2026-03-03T12:00:00Z' },
    { to: '2026-03-02T18:00:00Z' },
  ];

  it.each(RANGES)('summarises %j exactly', (range) => {
    const inside = events.filter((e) => inRange(e, range));
    const summary = dashboardSummary(db, range);
    expect(summary.total).toBe(inside.length);
    expect(summary.criticalAndError).toBe(inside.filter((e) => e.severity >= 2).length);
    expect(summary.warnings).toBe(inside.filter((e) => e.severity === 1).length);
    expect(summary.byCategory).toEqual(Object.fromEntries(CATEGORIES.map((c) => [c, inside.filter((e) => e.category === c).length])));
    const actions = new Map<string, number>();
    for (const e of inside) actions.set(e.action, (actions.get(e.action) ?? 0) + 1);
    const top = [...actions].map(([action, count]) => ({ action, count })).sort((a, b) => b.count - a.count || (a.action < b.action ? -1 : 1));
    expect(summary.topActions).toEqual(top.slice(0, 5));
    const users = new Set(inside.filter((e) => e.actor_kind === 'user').map(identity).filter((i) => i !== null));
    expect(summary.activeUsers).toBe(users.size);
    const high = ordered(
      inside.filter((e) => e.severity >= 2),
      'desc',
    ).slice(0, 5);
    expect(summary.recentHighSeverity.map((r) => idOfUid(r.uid))).toEqual(high.map((e) => e.id));
  });

  const HISTOGRAM_FILTERS: EventFilter[] = [
    {},
    { categories: ['AUTH', 'SECURITY'] },
    { minSeverity: 'WARNING', from: '2026-03-01T05:00:00Z', to: '2026-03-04T19:00:00Z' },
    { from: '2026-03-02T06:00:00Z', to: '2026-03-02T07:00:00Z' },
    { actor: 'alice@example.com' },
    { search: 'budget', outcomes: ['success'] },
    { ip: '10.0.' },
    { sources: ['nowhere'] },
  ];

  it.each(HISTOGRAM_FILTERS)('puts every event of %j in its bucket, stacked by category and by severity', (filter) => {
    const matching = events.filter((e) => matchesFilter(e, filter));
    for (const stackBy of ['category', 'severity'] as const) {
      for (const buckets of [1, 7, 60]) {
        const h = histogram(db, { filter, stackBy, buckets });
        if (matching.length === 0) {
          expect(h.start).toBeNull();
          continue;
        }
        expect(h.counts.length).toBeLessThanOrEqual(buckets);
        const start = micros(h.start!);
        const expected = h.counts.map(() => h.keys.map(() => 0));
        for (const e of matching) {
          const key = stackBy === 'category' ? e.category : SEVERITIES[e.severity]!;
          expected[Math.floor((e.occurred_at - start) / h.widthMicros)]![h.keys.indexOf(key)]! += 1;
        }
        expect(h.counts).toEqual(expected);
        expect(h.counts.flat().reduce((a, b) => a + b, 0)).toBe(new EventBrowser(db).count(filter));
      }
    }
  });

  it('suggests values most frequent first, with their counts, by case-insensitive prefix', () => {
    const tally = (values: (string | null)[]) => {
      const counts = new Map<string, number>();
      for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    };
    expect(distinctValues(db, 'action', '', 50).values).toEqual(tally(events.map((e) => e.action)));
    expect(distinctValues(db, 'source', 'OK', 50).values).toEqual(tally(events.map((e) => e.source_id)).filter((v) => v.value.startsWith('ok')));
    expect(distinctValues(db, 'ip', '10.0.', 2).values).toEqual(tally(events.map((e) => e.ip)).filter((v) => v.value.startsWith('10.0.')).slice(0, 2));
    expect(distinctValues(db, 'target', '', 50).values).toEqual(tally(events.map((e) => e.target_name)));
    expect(distinctValues(db, 'outcome', 'f', 50).values).toEqual(tally(events.map((e) => e.outcome)).filter((v) => v.value.startsWith('f')));
    // An actor is suggested by what was typed: here the emails starting with "ali", in either case.
    const alice = distinctValues(db, 'actor', 'ALI', 10).values;
    expect(alice.map((v) => v.value).sort()).toEqual(['Alice@Example.com', 'alice@example.com']);
    expect(alice.reduce((n, v) => n + v.count, 0)).toBe(events.filter((e) => e.actor_id === 'usr_1').length);
    expect(distinctValues(db, 'action', '%', 10).values).toEqual([]);
  });
});

describe('rollups', () => {
  it('come out the same whether refreshed after every batch or once', async () => {
    const one = openDatasetDb();
    const many = openDatasetDb();
    try {
      const events = generateEvents(41, 900);
      await insertEvents(one.db, events);
      refreshRollups(one.db);
      for (let i = 0; i < events.length; i += 100) {
        await insertEvents(many.db, events.slice(i, i + 100));
        refreshRollups(many.db);
        expect(refreshRollups(many.db)).toBe(0);
      }
      const dumps = ['SELECT * FROM rollup_days ORDER BY 1, 2, 3, 4, 5, 6', 'SELECT * FROM rollup_actors ORDER BY actor_key', 'SELECT * FROM rollup_values ORDER BY field, value'];
      for (const sql of dumps) expect(many.db.prepare(sql).all()).toEqual(one.db.prepare(sql).all());
    } finally {
      one.cleanup();
      many.cleanup();
    }
  });
});

describe('coverage', () => {
  it('counts events per UTC day per source and finds every silence of 24 h or more, with the retention clamp', async () => {
    const { db, cleanup } = openDatasetDb();
    try {
      const at = (iso: string) => micros(iso);
      const base = { category: 'AUTH', severity: 0, outcome: 'success', action: 'user.signed_in', actor_kind: 'system', actor_id: null, actor_name: null, actor_email: null, target_kind: null, target_id: null, target_name: null, ip: null, description: 'x' };
      const rows: TestEvent[] = [
        ['calkeep-audit', '2026-01-01T10:00:00Z'],
        ['calkeep-audit', '2026-01-01T20:00:00Z'],
        ['calkeep-audit', '2026-01-03T08:00:00Z'], // 36 h after the previous event
        ['calkeep-audit', '2026-01-03T09:00:00Z'],
        ['calkeep-audit', '2026-01-04T08:59:59Z'], // just under 24 h: no gap
        ['okta', '2026-01-02T05:00:00Z'], // 29 h after the period's start
        ['okta', '2026-01-10T23:00:00Z'],
        ['okta', '2025-12-30T12:00:00Z'], // before the period: not counted
      ].map(([source, iso], i) => ({ ...base, id: i + 1, source_id: source!, occurred_at: at(iso!) }));
      await insertEvents(db, rows);
      db.prepare("INSERT INTO sources (id, name, kind, base_url, credential, options, created_at) VALUES ('s1', 'CalKeep', 'pull', 'https://x', '{}', '{}', 'now')").run();
      db.prepare('INSERT INTO source_state (source_id, clamped_from) VALUES (?, ?)').run('s1', at('2025-12-01T00:00:00Z'));
      const report = coverage(db, { periodFrom: '2026-01-01', periodTo: '2026-01-10' });
      const calkeep = report.sources.find((s) => s.sourceId === 'calkeep-audit')!;
      expect(calkeep.perDay).toEqual({ '2026-01-01': 2, '2026-01-03': 2, '2026-01-04': 1 });
      expect(calkeep.first).toBe('2026-01-01T10:00:00.000000Z');
      expect(calkeep.last).toBe('2026-01-04T08:59:59.000000Z');
      expect(calkeep.gaps).toEqual([
        { from: '2026-01-01T20:00:00.000000Z', to: '2026-01-03T08:00:00.000000Z', hours: 36 },
        { from: '2026-01-04T08:59:59.000000Z', to: '2026-01-11T00:00:00.000000Z', hours: 159 + 1 / 3600 },
      ]);
      expect(calkeep.retentionFrom).toBe('2025-12-01T00:00:00.000000Z');
      const okta = report.sources.find((s) => s.sourceId === 'okta')!;
      expect(okta.perDay).toEqual({ '2026-01-02': 1, '2026-01-10': 1 });
      expect(okta.gaps).toEqual([
        { from: '2026-01-01T00:00:00.000000Z', to: '2026-01-02T05:00:00.000000Z', hours: 29 },
        { from: '2026-01-02T05:00:00.000000Z', to: '2026-01-10T23:00:00.000000Z', hours: 210 },
      ]);
      expect(okta.retentionFrom).toBeNull();
    } finally {
      cleanup();
    }
  });
});

describe('bucket layout', () => {
  it('uses at most the asked number of equal buckets, of a readable width, covering the range', () => {
    for (const [lo, hi, max] of [
      [DATASET_START, DATASET_START + 181 * DAY, 60],
      [DATASET_START + 7 * HOUR, DATASET_START + 7 * HOUR + 1, 60],
      [DATASET_START + 123_456, DATASET_START + 5 * DAY + 999, 7],
      [DATASET_START, DATASET_START + 3 * 365 * DAY, 12],
      [DATASET_START, DATASET_START + HOUR, 1],
    ] as const) {
      const layout = bucketLayout(lo, hi, max);
      expect(layout.count).toBeLessThanOrEqual(max);
      expect(layout.start).toBeLessThanOrEqual(lo);
      expect(layout.start + layout.count * layout.width).toBeGreaterThanOrEqual(hi);
    }
    expect(formatMicros(bucketLayout(DATASET_START + 5 * HOUR, DATASET_START + 40 * DAY, 60).start)).toBe('2026-03-01T00:00:00.000000Z');
  });
});
