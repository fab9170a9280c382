import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../../../src-shared/event';
import { githubAudit } from '../../../../src-main/engine/ingest/platforms/githubAudit';
import { HAVE_DATASETS, eventOf, mapAll, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'github_audit';

function map(value: unknown): ReturnType<typeof githubAudit.map> {
  return githubAudit.map(value, JSON.stringify(value) ?? '');
}

function reasonFor(value: unknown): string {
  const outcome = map(value);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function at(records: readonly DatasetRecord[], line: number): DatasetRecord {
  const record = records.find((candidate) => candidate.position === line);
  if (record === undefined) throw new Error(`no record on line ${line}`);
  return record;
}

describe.skipIf(!HAVE_DATASETS)('GitHub audit log over the shared datasets', () => {
  describe('elastic_github_test-audit-json.log', () => {
    const records = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'elastic_github_test-audit-json.log') : [];

    it('maps all 189 records, none with a tenant event id (the file has no _document_id)', () => {
      const tally = mapAll(githubAudit, records);

      expect(records).toHaveLength(189);
      expect(tally.refused).toEqual([]);
      expect(tally.mapped.every((event) => event.eventId === null)).toBe(true);
      expect(records.every((record) => githubAudit.recognise(record.value) >= 0.8)).toBe(true);
    });

    it('maps the first line field by field (epoch-ms created_at)', () => {
      const record = at(records, 1);
      const event = eventOf(githubAudit.map(record.value, record.raw));

      expect(event).toEqual({
        sourceId: 'github-audit',
        eventId: null,
        occurredAt: 1_583_364_251_067_000,
        zoned: true,
        action: 'organization_default_label.create',
        category: 'TENANT_MGMT',
        severity: 'INFO',
        outcome: 'success',
        actor: { kind: 'user', id: 'github-actor', name: 'github-actor', email: null },
        target: { kind: 'organization', id: 'Example-Org', name: 'Example-Org' },
        context: { ip: null, userAgent: null, requestId: null, sessionId: null, geo: null },
        description: 'github-actor: organization_default_label.create on organization Example-Org',
        tags: ['SOC2', 'ISO27001'],
        data: { org: 'Example-Org' },
        raw: record.raw,
      });
      // 1583364251067 ms = 2020-03-04T23:24:11.067Z
      expect(event.occurredAt).toBe(utcMicros(2020, 3, 4, 23, 24, 11, 67_000));
    });

    it('maps a rejected push to a protected branch as denied, WARNING', () => {
      const rejected = mapAll(githubAudit, records).mapped.filter((event) => event.action === 'protected_branch.rejected_ref_update');

      expect(rejected).toHaveLength(19);
      expect(rejected.every((event) => event.outcome === 'denied' && event.category === 'SECURITY' && event.severity === 'WARNING')).toBe(true);
    });

    it('maps the enterprise-style hook.create with actor_id, user_agent and location', () => {
      const record = at(records, 188);
      const event = eventOf(githubAudit.map(record.value, record.raw));

      expect(event).toMatchObject({
        occurredAt: 1_674_454_840_535_000,
        action: 'hook.create',
        category: 'API_ACCESS',
        outcome: 'success',
        actor: { kind: 'user', id: '23123', name: 'userdeserve', email: null },
        target: { kind: 'repository', id: '266143714', name: 'org/repo' },
        context: { userAgent: 'AWS CodePipeline', geo: 'US' },
      });
      expect(event.data).toMatchObject({ hook_id: 23122678, token_scopes: 'repo' });
    });

    it('maps the bot clone (only @timestamp) to a service actor', () => {
      const record = at(records, 187);
      const event = eventOf(githubAudit.map(record.value, record.raw));

      expect(event).toMatchObject({ occurredAt: 1_655_872_622_832_000, action: 'git.clone', category: 'DATA_ACCESS', actor: { kind: 'service', name: 'github-actions[bot]' } });
    });
  });

  describe('panther_github_audit_tests.ndjson (detection-rule fixtures)', () => {
    const records = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_github_audit_tests.ndjson') : [];

    it('reads 98 records: maps 64, refuses 30 without any time and 4 with a malformed created_at', () => {
      const tally = mapAll(githubAudit, records);
      const reasons = tally.refused.map((refusal) => refusal.reason);

      expect(records).toHaveLength(98);
      expect(tally.mapped).toHaveLength(64);
      expect(reasons.filter((reason) => reason === "field 'created_at' is missing (nor '@timestamp')")).toHaveLength(30);
      // "2024-12-17 00:00:00000000": the fraction lost its separator in the fixture
      expect(reasons.filter((reason) => reason === 'field \'created_at\' is not a timestamp: "2024-12-17 00:00:00000000"')).toHaveLength(4);
    });

    it('reads a zone-less created_at as UTC, flagged zoned:false, with _document_id as event id', () => {
      const record = at(records, 91);
      const event = eventOf(githubAudit.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: '2bY2MKh36kTq5SWjmj5__Q',
        occurredAt: utcMicros(2025, 10, 15, 18, 41, 19, 605_000),
        zoned: false,
        action: 'org.set_default_workflow_permissions',
        category: 'PERMISSION',
        severity: 'WARNING',
        actor: { kind: 'user', id: '12345678', name: 'homersimpson', email: null },
        target: { kind: 'organization', id: '123456780', name: 'YourCompany' },
        context: { geo: 'US' },
      });
    });

    it('reads Panther\'s at_sign_timestamp and the actor IP', () => {
      const record = at(records, 62);
      const event = eventOf(githubAudit.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: 'KCYtigpnShPBSohA4OXbRg==',
        occurredAt: utcMicros(2023, 11, 20, 21, 20, 9, 423_000),
        zoned: false,
        action: 'git.clone',
        actor: { id: '123456789', name: 'acme-inc-user' },
        context: { ip: '5.6.7.8' },
      });
    });

    it('rates disabling the organisation 2FA requirement CRITICAL', () => {
      const record = at(records, 16);
      const event = eventOf(githubAudit.map(record.value, record.raw));

      expect(event).toMatchObject({ occurredAt: 1_621_305_118_553_000, action: 'org.disable_two_factor_requirement', category: 'SECURITY', severity: 'CRITICAL', actor: { name: 'admin-user' } });
    });
  });
});

describe('GitHub audit mapping rules', () => {
  const base = { action: 'repo.create', actor: 'ana', created_at: 1_700_000_000_123, org: 'acme', repo: 'acme/app' };

  it('maps a failed workflow run from its conclusion', () => {
    expect(eventOf(map({ ...base, action: 'workflows.completed_workflow_run', conclusion: 'failure' }))).toMatchObject({ outcome: 'failure', severity: 'ERROR' });
  });

  it('maps an action without a recorded result to success', () => {
    expect(eventOf(map(base)).outcome).toBe('success');
  });

  it('treats an actor flagged actor_is_bot as a service', () => {
    expect(eventOf(map({ ...base, actor: 'renovate', actor_is_bot: true })).actor.kind).toBe('service');
  });

  it('builds the geo text from actor_location parts', () => {
    expect(eventOf(map({ ...base, actor_location: { city: 'Lyon', region: 'ARA', country_code: 'FR' } })).context.geo).toBe('Lyon, ARA, FR');
  });

  it('recognises a GitHub entry at 0.95 and a Slack-style record (actor object) at 0', () => {
    expect(githubAudit.recognise(base)).toBe(0.95);
    expect(githubAudit.recognise({ action: 'user_login', actor: { type: 'user' }, date_create: 1 })).toBe(0);
  });

  it.each([null, 42, 'text', [base]])('refuses a non-object record (%j)', (value) => {
    expect(reasonFor(value)).toMatch(/^record is not a JSON object/);
  });

  it('refuses a record without created_at or @timestamp', () => {
    const { created_at: _dropped, ...rest } = base;
    expect(reasonFor(rest)).toBe("field 'created_at' is missing (nor '@timestamp')");
  });

  it('refuses a record without action', () => {
    const { action: _dropped, ...rest } = base;
    expect(reasonFor(rest)).toBe("field 'action' is missing");
  });

  it('never throws, and yields only known categories and severities, on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object()), (value) => {
        const score = githubAudit.recognise(value);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const outcome = githubAudit.map(value, 'raw');
        if (outcome.ok && 'event' in outcome) {
          expect(CATEGORIES).toContain(outcome.event.category);
          expect(SEVERITIES).toContain(outcome.event.severity);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary objects shaped like GitHub entries', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string());
    const record = fc.record({ action: anything, actor: anything, created_at: anything, '@timestamp': anything, user: anything, repo: anything, data: anything, actor_location: anything, conclusion: anything }, { requiredKeys: [] });
    fc.assert(
      fc.property(record, (value) => {
        githubAudit.recognise(value);
        githubAudit.map(value, 'raw');
      }),
      { numRuns: 500 },
    );
  });
});
