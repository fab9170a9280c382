import { eventOf } from '../../support/mappingOutcome';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES, severityRank } from '../../../src-shared/event';
import type { CanonicalEventInput, MappingOutcome } from '../../../src-shared/event';
import { ACTION_CATALOG, DEFAULT_RULE, PREFIX_RULES, describeAction, ruleForType, type DescriptionParts } from '../../../src-main/engine/ingest/fileExport/actionCatalog';
import { mapFileExportRecord } from '../../../src-main/engine/ingest/fileExport/fileExportMapping';

/** Doc 003's NDJSON example line, with the elided parts filled in. */
const SIGN_IN_LINE =
  '{"id":"evt_01HZ","type":"user.signed_in","occurred_at":"2026-05-17T08:00:00.123456Z",' +
  '"actor":{"kind":"user","id":"usr_01HZX","label":"Alice Martin","email":"alice@example.com"},' +
  '"target":{"kind":"session","id":"ses_01HZY"},"outcome":"success","data":{"method":"sso"},' +
  '"context":{"ip":"203.0.113.45","user_agent":"Mozilla/5.0","request_id":"req_7f3a","session_id":"ses_01HZY",' +
  '"fingerprint":"fp_1","geolocation":{"city":"Berlin","country":"DE"}}}';

function mapLine(line: string): MappingOutcome {
  return mapFileExportRecord(JSON.parse(line) as unknown, line);
}

function mapObject(record: Record<string, unknown>): MappingOutcome {
  return mapFileExportRecord(record, JSON.stringify(record));
}

function mapped(record: Record<string, unknown>): CanonicalEventInput {
  return eventOf(mapObject(record));
}

function reasonFor(value: unknown): string {
  const outcome = mapFileExportRecord(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

const base = { id: 'evt_1', type: 'user.signed_in', occurred_at: '2026-05-17T08:00:00Z', actor: { kind: 'user', id: 'usr_1', label: 'Zoë Müller' } };

describe('mapFileExportRecord', () => {
  it('maps the doc-003 sign-in line to exact canonical fields', () => {
    const outcome = mapLine(SIGN_IN_LINE);

    // 2026-05-17 is day 20 590 since the epoch: 20 590 × 86 400 s + 8 h = 1 779 004 800 s.
    expect(outcome).toEqual({
      ok: true,
      event: {
        sourceId: 'file-export',
        eventId: 'evt_01HZ',
        occurredAt: 1_779_004_800_123_456,
        zoned: true,
        action: 'user.signed_in',
        category: 'AUTH',
        severity: 'INFO',
        outcome: 'success',
        actor: { kind: 'user', id: 'usr_01HZX', name: 'Alice Martin', email: 'alice@example.com' },
        target: { kind: 'session', id: 'ses_01HZY', name: null },
        context: { ip: '203.0.113.45', userAgent: 'Mozilla/5.0', requestId: 'req_7f3a', sessionId: 'ses_01HZY', geo: 'Berlin, DE' },
        description: 'Alice Martin signed in',
        tags: ['SOC2', 'ISO27001', 'PCI-DSS'],
        data: { method: 'sso' },
        raw: SIGN_IN_LINE,
      },
    });
  });

  it('agrees with Date.UTC on the example instant', () => {
    expect(mapped({ ...base, occurred_at: '2026-05-17T08:00:00.123456Z' }).occurredAt).toBe(Date.UTC(2026, 4, 17, 8) * 1000 + 123_456);
  });

  it('describes an actor by email when the export gives no label', () => {
    const event = mapped({ ...base, actor: { kind: 'user', id: 'usr_1', email: 'alice@example.com' } });

    expect(event.description).toBe('alice@example.com signed in');
  });

  it('uses the System actor when the actor is absent', () => {
    const event = mapped({ id: 'evt_2', type: 'system.retention_pruned', occurred_at: '2026-05-17T03:00:01Z', outcome: 'success' });

    expect(event.actor).toEqual({ kind: 'system', id: null, name: 'System', email: null });
    expect(event.description).toBe('Nightly retention prune ran');
    expect(event.category).toBe('SYSTEM');
  });

  it('uses the System actor for an empty actor object', () => {
    expect(mapped({ ...base, actor: {} }).actor).toEqual({ kind: 'system', id: null, name: 'System', email: null });
  });

  it.each([
    ['user', 'user'],
    ['service', 'service'],
    ['app', 'service'],
    ['integration', 'service'],
    ['system', 'system'],
    ['api_key', 'apiKey'],
    ['apiKey', 'apiKey'],
    ['token', 'apiKey'],
    ['robot-overlord', 'user'],
    ['constructor', 'user'],
    ['__proto__', 'user'],
  ])('maps actor kind %s to %s', (kind, expected) => {
    expect(mapped({ ...base, actor: { kind, id: 'x1' } }).actor.kind).toBe(expected);
  });

  it('treats an actor without a kind as a user', () => {
    const event = mapped({ ...base, actor: { id: 'usr_9', label: 'Дмитрий Иванов' } });

    expect(event.actor).toEqual({ kind: 'user', id: 'usr_9', name: 'Дмитрий Иванов', email: null });
  });

  it('records a missing outcome as unknown', () => {
    const { outcome, ...withoutOutcome } = { ...base, outcome: 'success' };

    expect(outcome).toBe('success');
    expect(mapped(withoutOutcome).outcome).toBe('unknown');
  });

  it('accepts an outcome in any case', () => {
    expect(mapped({ ...base, outcome: 'Denied' }).outcome).toBe('denied');
  });

  it('raises a failed sign-in to WARNING', () => {
    expect(mapped({ ...base, outcome: 'failure' }).severity).toBe('WARNING');
  });

  it('raises a denied permission to ERROR', () => {
    expect(mapped({ ...base, type: 'permission.denied', outcome: 'denied' }).severity).toBe('ERROR');
  });

  it('raises a partial update only to WARNING', () => {
    expect(mapped({ ...base, type: 'record.updated', outcome: 'partial' }).severity).toBe('WARNING');
  });

  it('keeps a type that names its own failure at its catalog severity', () => {
    expect(mapped({ ...base, type: 'security.brute_force_detected', outcome: 'success' }).severity).toBe('CRITICAL');
  });

  it('lets explicit category and severity win over the catalog, in any case', () => {
    const event = mapped({ ...base, category: 'security', severity: 'Critical', outcome: 'success' });

    expect([event.category, event.severity]).toEqual(['SECURITY', 'CRITICAL']);
    expect(event.tags).toEqual(['SOC2', 'ISO27001', 'NIS2', 'PCI-DSS']);
  });

  it('takes explicit tags, then compliance_tags, over derived ones', () => {
    expect(mapped({ ...base, tags: ['SOX', ' GDPR ', 'SOX'] }).tags).toEqual(['SOX', 'GDPR']);
    expect(mapped({ ...base, compliance_tags: 'HIPAA;GDPR' }).tags).toEqual(['HIPAA', 'GDPR']);
    expect(mapped({ ...base, tags: [] }).tags).toEqual([]);
  });

  it('derives GDPR and HIPAA tags for a pii read', () => {
    expect(mapped({ ...base, type: 'pii.read.user' }).tags).toEqual(['GDPR', 'HIPAA', 'SOC2', 'NIS2']);
  });

  it('keeps an explicit description', () => {
    expect(mapped({ ...base, description: 'Audit log export downloaded' }).description).toBe('Audit log export downloaded');
  });

  it('classifies an unlisted type by its longest prefix', () => {
    const event = mapped({ ...base, type: 'record.archived', target: { kind: 'invoice', id: 'rec_1', label: 'Invoice INV-1' } });

    expect([event.category, event.severity, event.description]).toEqual(['DATA_MODIFY', 'INFO', 'record.archived by Zoë Müller on Invoice INV-1']);
    expect(mapped({ ...base, type: 'pii.read.contract' }).category).toBe('DATA_ACCESS');
    expect(mapped({ ...base, type: 'admin.role_changed' }).category).toBe('PERMISSION');
    expect(mapped({ ...base, type: 'admin.branding_changed' }).category).toBe('TENANT_MGMT');
  });

  it('files an unknown type under SYSTEM at INFO', () => {
    const event = mapped({ ...base, type: 'widget.frobnicated', outcome: 'success' });

    expect([event.category, event.severity, event.description]).toEqual(['SYSTEM', 'INFO', 'widget.frobnicated by Zoë Müller']);
  });

  it('stores null data when the record has none', () => {
    expect(mapped(base).data).toBeNull();
  });

  it('passes a zone-less time through as unzoned UTC', () => {
    const event = mapped({ ...base, occurred_at: '2026-05-17T08:00:00.5' });

    expect([event.occurredAt, event.zoned]).toEqual([Date.UTC(2026, 4, 17, 8) * 1000 + 500_000, false]);
  });

  it('converts an offset time to UTC', () => {
    expect(mapped({ ...base, occurred_at: '2026-05-17T10:00:00+02:00' }).occurredAt).toBe(Date.UTC(2026, 4, 17, 8) * 1000);
  });

  it('keeps a numeric id as its decimal text', () => {
    expect(mapped({ ...base, id: 123456789 }).eventId).toBe('123456789');
  });

  it('leaves the event id null when the record has none', () => {
    const { id: _id, ...withoutId } = base;

    expect(mapped(withoutId).eventId).toBeNull();
  });

  it('maps a flattened CSV row of the same export', () => {
    const event = mapped({
      id: 'evt_3',
      type: 'file.downloaded',
      occurred_at: '2026-05-17T09:30:00Z',
      actor_kind: 'user',
      actor_id: 'usr_2',
      actor_label: 'Søren Nielsen',
      target_kind: 'file',
      target_id: 'fil_1',
      target_label: 'Q1-board-deck.pdf',
      outcome: 'success',
      context_ip: '10.20.1.5',
      data_json: '{"size_bytes":2048}',
    });

    expect(event.actor).toEqual({ kind: 'user', id: 'usr_2', name: 'Søren Nielsen', email: null });
    expect(event.target).toEqual({ kind: 'file', id: 'fil_1', name: 'Q1-board-deck.pdf' });
    expect([event.context.ip, event.data, event.description]).toEqual(['10.20.1.5', { size_bytes: 2048 }, 'Søren Nielsen downloaded Q1-board-deck.pdf']);
  });
});

describe('mapFileExportRecord refusals', () => {
  it.each([
    ['null', null],
    ['an array', [base]],
    ['a string', 'user.signed_in'],
    ['a number', 42],
  ])('refuses %s as not a JSON object', (_name, value) => {
    expect(reasonFor(value)).toMatch(/^record is not a JSON object/);
  });

  it.each([
    ['type', { ...base, type: undefined }, "field 'type' is missing"],
    ['type', { ...base, type: '   ' }, "field 'type' is empty"],
    ['type', { ...base, type: 7 }, "field 'type' is not a string (got a number)"],
    ['occurred_at', { ...base, occurred_at: undefined }, "field 'occurred_at' is missing"],
    ['occurred_at', { ...base, occurred_at: 1779004800 }, "field 'occurred_at' is not a string (got a number)"],
    ['occurred_at', { ...base, occurred_at: '17/05/2026 08:00' }, `field 'occurred_at' is not an ISO-8601 instant: "17/05/2026 08:00"`],
    ['occurred_at', { ...base, occurred_at: '2026-02-30T08:00:00Z' }, `field 'occurred_at' is not an ISO-8601 instant: "2026-02-30T08:00:00Z"`],
    ['outcome', { ...base, outcome: 'maybe' }, `field 'outcome' has unknown value "maybe" (expected one of success, failure, denied, partial, unknown)`],
    ['outcome', { ...base, outcome: true }, "field 'outcome' is not a string (got a boolean)"],
    ['actor', { ...base, actor: 'alice' }, "field 'actor' is not an object (got a string)"],
    ['actor', { ...base, actor: [] }, "field 'actor' is not an object (got an array)"],
    ['target', { ...base, target: 5 }, "field 'target' is not an object (got a number)"],
    ['id', { ...base, id: { v: 1 } }, "field 'id' is not a string or number (got an object)"],
    ['category', { ...base, category: 'NETWORK' }, `field 'category' has unknown value "NETWORK" (expected one of ${CATEGORIES.join(', ')})`],
    ['severity', { ...base, severity: 'FATAL' }, `field 'severity' has unknown value "FATAL" (expected one of ${SEVERITIES.join(', ')})`],
    ['tags', { ...base, tags: ['SOX', 3] }, "field 'tags' is not an array of strings"],
  ])('refuses a bad %s, naming the field', (_field, record, reason) => {
    expect(reasonFor(record)).toBe(reason);
  });

  it('cuts a long offending value short in the reason', () => {
    expect(reasonFor({ ...base, outcome: 'x'.repeat(500) }).length).toBeLessThan(200);
  });

  it('never throws and always answers an event or a non-empty reason', () => {
    // Arbitrary JSON rarely looks like a record, so half the cases keep the record's keys.
    const anything = fc.jsonValue();
    const nearRecord = fc.record(
      {
        type: fc.oneof(fc.constantFrom('user.signed_in', 'x'), anything),
        occurred_at: fc.oneof(fc.constant('2026-05-17T08:00:00Z'), anything),
        ...Object.fromEntries(['id', 'actor', 'target', 'outcome', 'context', 'tags', 'category', 'severity', 'data_json'].map((key) => [key, anything])),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearRecord), (value) => {
        const outcome = mapFileExportRecord(value, JSON.stringify(value) ?? '');
        return outcome.ok ? 'event' in outcome && outcome.event.sourceId === 'file-export' : outcome.reason.length > 0;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('actionCatalog', () => {
  const rules = [...ACTION_CATALOG.values()];

  it('names at least three types in every category', () => {
    for (const category of CATEGORIES) {
      expect(rules.filter((rule) => rule.category === category).length, category).toBeGreaterThanOrEqual(3);
    }
  });

  it('uses every severity', () => {
    expect(new Set(rules.map((rule) => rule.severity))).toEqual(new Set(SEVERITIES));
  });

  it('never lowers severity on failure', () => {
    for (const rule of [...rules, ...PREFIX_RULES]) {
      expect(severityRank(rule.severityOnFailure)).toBeGreaterThanOrEqual(severityRank(rule.severity));
    }
  });

  it('matches types regardless of case and surrounding space', () => {
    expect(ruleForType('  AUDIT.Exported ')).toBe(ACTION_CATALOG.get('audit.exported'));
  });

  it('fills a template as a replace of each placeholder would, for any template and parts', () => {
    // The reference: what describeAction did before it split each template once.
    const reference = (template: string, parts: DescriptionParts) =>
      template.replace(/\{(actor|target|onTarget|type)\}/g, (_match, key: string) => {
        if (key === 'actor') return parts.actor;
        if (key === 'type') return parts.type;
        if (key === 'onTarget') return parts.target === null ? '' : ` on ${parts.target}`;
        return parts.target ?? '—';
      });
    const pieces = fc.constantFrom('{actor}', '{target}', '{onTarget}', '{type}', '{other}', '{', '}', 'by ', ' on ', '$&', '$1', '{actor');
    const template = fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 8 }).map((parts) => parts.join(''));
    // Replacement patterns ($&, $1) in a value must come out literally.
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('$&', '$1', '{actor}'));
    const parts = fc.record({ actor: value, target: fc.option(value, { nil: null }), type: value });
    const templates = [...rules, ...PREFIX_RULES, DEFAULT_RULE].map((rule) => rule.template);
    fc.assert(
      fc.property(fc.oneof(template, fc.constantFrom(...templates)), parts, (t, p) => {
        // Twice: the second call reads the template from the cache.
        expect(describeAction(t, p)).toBe(reference(t, p));
        expect(describeAction(t, p)).toBe(reference(t, p));
      }),
      { numRuns: 2000 },
    );
    expect(describeAction('{type} by {actor}{onTarget}', { actor: 'Alice', target: null, type: 'user.signed_in' })).toBe('user.signed_in by Alice');
    expect(describeAction('{actor} removed {target}', { actor: 'Bob', target: null, type: 't' })).toBe('Bob removed —');
  });
});
