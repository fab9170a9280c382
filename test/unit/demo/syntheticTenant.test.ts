import { eventOf } from '../../support/mappingOutcome';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../../src-shared/event';
import type { CanonicalEventInput } from '../../../src-shared/event';
import { formatMicros, parseDay, parseInstant } from '../../../src-shared/time';
import { mapFileExportRecord } from '../../../src-main/engine/ingest/fileExport/fileExportMapping';
import type { SyntheticOptions } from '../../../src-main/engine/demo/syntheticTenant';
import { DEMO_DEFAULTS, syntheticNdjson, syntheticRecords } from '../../../src-main/engine/demo/syntheticTenant';

const DAY = 86_400_000_000;
const fromMicros = parseDay(DEMO_DEFAULTS.from) ?? 0;
const toMicros = (parseDay(DEMO_DEFAULTS.to) ?? 0) + DAY - 1;

function options(count: number, seed: number = DEMO_DEFAULTS.seed): SyntheticOptions {
  return { seed, count, fromMicros, toMicros };
}

function firstLines(count: number, seed: number): string[] {
  return [...syntheticNdjson(options(count, seed))];
}

function mapAll(lines: readonly string[]): CanonicalEventInput[] {
  return lines.map((line) => {
    return eventOf(mapFileExportRecord(JSON.parse(line) as unknown, line));
  });
}

const sample = firstLines(5000, DEMO_DEFAULTS.seed);
const sampleEvents = mapAll(sample);
const longerRun = mapAll(firstLines(20_000, DEMO_DEFAULTS.seed));

describe('syntheticRecords', () => {
  it('gives identical lines for the same seed', () => {
    expect(firstLines(1000, 7)).toEqual(firstLines(1000, 7));
  });

  it('gives different lines for a different seed', () => {
    expect(firstLines(1000, 8)).not.toEqual(firstLines(1000, 7));
  });

  it('produces exactly the requested number of records', () => {
    expect([sample.length, [...syntheticRecords(options(0))].length, [...syntheticRecords(options(1))].length]).toEqual([5000, 0, 1]);
  });

  it('gives every record a unique ULID-shaped id', () => {
    const ids = sampleEvents.map((event) => event.eventId);

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^evt_[0-9A-HJKMNP-TV-Z]{26}$/.test(id ?? ''))).toBe(true);
  });

  it('emits times inside the range in non-decreasing order', () => {
    const times = sampleEvents.map((event) => event.occurredAt);

    expect(times.every((time, i) => time >= fromMicros && time <= toMicros && (i === 0 || time >= (times[i - 1] ?? 0)))).toBe(true);
  });

  it('spreads the events across the whole range', () => {
    const times = sampleEvents.map((event) => event.occurredAt);

    expect(times[0] ?? 0).toBeLessThan(fromMicros + 3 * DAY);
    expect(times.at(-1) ?? 0).toBeGreaterThan(toMicros - 3 * DAY);
  });

  it('writes occurred_at exactly as formatMicros does, zoned in UTC', () => {
    const records = sample.map((line) => JSON.parse(line) as { occurred_at: string });

    expect(records.every(({ occurred_at }) => formatMicros(parseInstant(occurred_at)?.micros ?? 0) === occurred_at)).toBe(true);
    expect(sampleEvents.every((event) => event.zoned)).toBe(true);
  });

  it('keeps ids in time order, as ULIDs do', () => {
    const ids = sampleEvents.map((event) => event.eventId ?? '');

    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? ''))).toBe(true);
  });

  it('covers all 14 categories and all 4 severities in 5,000 records', () => {
    expect(new Set(sampleEvents.map((event) => event.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(sampleEvents.map((event) => event.severity))).toEqual(new Set(SEVERITIES));
  });

  it.each([1, 2, 3, 42, 20260101])('covers every category and severity in 2,000 records with seed %i', (seed) => {
    const events = mapAll(firstLines(2000, seed));

    expect(new Set(events.map((event) => event.category)).size).toBe(CATEGORIES.length);
    expect(new Set(events.map((event) => event.severity)).size).toBe(SEVERITIES.length);
  });

  it('is mostly successes, with some failures, denials and partials', () => {
    const count = (outcome: string): number => sampleEvents.filter((event) => event.outcome === outcome).length;

    expect(count('success') / sampleEvents.length).toBeGreaterThan(0.85);
    const partials = longerRun.filter((event) => event.outcome === 'partial').length;

    expect([count('failure') > 0, count('denied') > 0, partials > 0, count('unknown')]).toEqual([true, true, true, 0]);
  });

  it('is busier in weekday office hours than at night', () => {
    const hourOf = (event: CanonicalEventInput): number => Math.floor((event.occurredAt % DAY) / 3_600_000_000);
    const office = sampleEvents.filter((event) => hourOf(event) >= 9 && hourOf(event) < 17).length;
    const night = sampleEvents.filter((event) => hourOf(event) < 6 || hourOf(event) >= 21).length;

    expect(office).toBeGreaterThan(night * 4);
  });

  it('includes a brute-force episode: many failures from one address, then a CRITICAL detection', () => {
    const events = longerRun;
    const detection = events.findIndex((event) => event.action === 'security.brute_force_detected');
    const before = events.slice(Math.max(0, detection - 400), detection);
    const attackerIp = (events[detection]?.data as { source_ip?: string } | undefined)?.source_ip;

    expect(detection).toBeGreaterThan(0);
    expect(events[detection]?.severity).toBe('CRITICAL');
    expect(events[detection]?.actor.kind).toBe('system');
    expect(before.filter((event) => event.action === 'user.sign_in_failed' && event.context.ip === attackerIp).length).toBeGreaterThanOrEqual(15);
  });

  it('has the System actor, services and API keys as well as people', () => {
    expect(new Set(sampleEvents.map((event) => event.actor.kind))).toEqual(new Set(['user', 'service', 'system', 'apiKey']));
  });

  it('names about forty people, accented and Cyrillic ones among them', () => {
    const people = new Set(sampleEvents.filter((event) => event.actor.kind === 'user' && event.actor.id).map((event) => event.actor.name));

    expect(people.size).toBeGreaterThanOrEqual(38);
    expect([people.has('Zoë Müller'), people.has('Дмитрий Иванов')]).toEqual([true, true]);
  });

  it('uses only documentation and private addresses', () => {
    const ips = new Set(sampleEvents.map((event) => event.context.ip).filter((ip) => ip !== null));

    expect([...ips].every((ip) => /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^10\./.test(ip ?? ''))).toBe(true);
  });

  it('keeps the doc-003 key order on every line', () => {
    const keys = new Set(sample.map((line) => Object.keys(JSON.parse(line) as object).join(',')));

    expect(keys).toEqual(new Set(['id,type,occurred_at,actor,target,outcome,data,context', 'id,type,occurred_at,target,outcome,data,context']));
  });

  it('yields NDJSON lines equal to the records, with no newline inside', () => {
    const records = [...syntheticRecords(options(200))];
    const lines = [...syntheticNdjson(options(200))];

    expect(lines.some((line) => line.includes('\n'))).toBe(false);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(records.map((record) => JSON.parse(JSON.stringify(record)) as unknown));
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => syntheticRecords({ seed: 1, count: 10, fromMicros: 10, toMicros: 5 }).next()).toThrow(RangeError);
  });
});
