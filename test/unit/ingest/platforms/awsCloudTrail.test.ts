import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../../../src-shared/event';
import { awsCloudTrail } from '../../../../src-main/engine/ingest/platforms/awsCloudTrail';
import { HAVE_DATASETS, eventOf, mapAll, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'aws_cloudtrail';

function map(value: unknown): ReturnType<typeof awsCloudTrail.map> {
  return awsCloudTrail.map(value, JSON.stringify(value) ?? '');
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

/** The first data row of AWS_S3_HoneyBucketLogs.csv (otrf_aws_s3_honeybucketlogs.zip), keyed by its header. */
const HONEYBUCKET_ROW = {
  'Event Type': 'AwsApiCall',
  'Event Name': 'ListObjects',
  'Request ID': 'E2E91AQVN6DJHZ91',
  'User ID': "{'type': 'AWSAccount', 'principalId': '', 'accountId': 'ANONYMOUS_PRINCIPAL'}",
  'Request Parameters': "{'bucketName': 'microsoft-devtest', 'Host': 'microsoft-devtest.s3-eu-west-1.amazonaws.com'}",
  Alert: ' 302-2022-02-18T17:34:57Z',
  'Event ID': '283770f5-968d-448d-9328-0b010f4d3696',
  'Event DateTime': '2022-02-18T17:34:57Z',
  'Alarm DateTime': '2022-02-18T17:39:28.127636+00:00',
  'Source IP': '177.131.167.145',
  'Request User Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0.4758.102 Safari/537.36',
  'Repeated Attempts': '4',
};

describe.skipIf(!HAVE_DATASETS)('AWS CloudTrail over the shared datasets', () => {
  describe('plaso_aws_cloudtrail_lookup_events.jsonl (LookupEvents shape)', () => {
    const records = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'plaso_aws_cloudtrail_lookup_events.jsonl') : [];

    it('maps all 6 records, each recognised as CloudTrail', () => {
      const tally = mapAll(awsCloudTrail, records);

      expect(records).toHaveLength(6);
      expect(tally.refused).toEqual([]);
      expect(records.every((record) => awsCloudTrail.recognise(record.value) >= 0.9)).toBe(true);
    });

    it('maps the inner CloudTrailEvent of a DescribeInstances call and keeps the outer line as raw', () => {
      const record = at(records, 1);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({
        sourceId: 'aws-cloudtrail',
        eventId: '0828c0d2-3589-4390-b954-c78b4a7df44b',
        // inner eventTime 2022-02-07T22:23:37Z = outer EventTime 2022-02-08 09:23:37+11:00
        occurredAt: utcMicros(2022, 2, 7, 22, 23, 37),
        zoned: true,
        action: 'DescribeInstances',
        category: 'INFRASTRUCTURE',
        severity: 'INFO',
        outcome: 'success',
        actor: { kind: 'user', id: 'arn:aws:iam::012345678901:user/fakeusername', name: 'fakeusername', email: null },
        target: { kind: 'AWS::EC2::Instance', id: 'i-01234567890123456', name: 'i-01234567890123456' },
        context: { ip: '1.2.3.4', userAgent: 'console.ec2.amazonaws.com', requestId: '5e2d469d-002a-40b1-9922-a2e7dca03332', sessionId: null, geo: null },
        description: 'fakeusername called DescribeInstances (ec2.amazonaws.com, ap-southeast-2)',
      });
      expect(event.raw).toBe(record.raw);
      expect(event.data).toMatchObject({ awsRegion: 'ap-southeast-2', requestParameters: { instancesSet: { items: [{ instanceId: 'i-01234567890123456' }] } } });
    });

    it('maps the service event without a user (SharedSnapshotVolumeCreated) to the invoking service', () => {
      const record = at(records, 4);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event.action).toBe('SharedSnapshotVolumeCreated');
      expect(event.actor).toEqual({ kind: 'service', id: 'ec2.amazonaws.com', name: 'ec2.amazonaws.com', email: null });
      expect(event.context.ip).toBeNull(); // sourceIPAddress is "ec2.amazonaws.com", not an address
    });

    it('falls back to the outer EventTime (with its +11:00 offset) when CloudTrailEvent is not JSON', () => {
      const record = at(records, 1).value as Record<string, unknown>;
      const event = eventOf(map({ ...record, CloudTrailEvent: '{truncated' }));

      expect(event.occurredAt).toBe(utcMicros(2022, 2, 7, 22, 23, 37));
      expect(event.action).toBe('DescribeInstances');
      expect(event.eventId).toBe('0828c0d2-3589-4390-b954-c78b4a7df44b');
      expect(event.actor.name).toBe('fakeusername');
    });
  });

  describe('panther_cloudtrail_tests.ndjson (detection-rule fixtures)', () => {
    const records = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_cloudtrail_tests.ndjson') : [];

    it('reads 445 records: maps 424 and refuses the 21 partial fixtures with a reason naming the field', () => {
      const tally = mapAll(awsCloudTrail, records);
      const reasons = tally.refused.map((refusal) => refusal.reason.replace(/: .*$/, ''));

      expect(records).toHaveLength(445);
      expect(tally.mapped).toHaveLength(424);
      // SOURCE.txt: "some are hand-edited or partial": 17 without any time, two with the
      // placeholders "redacted" and "...", two without eventName ({} and {"eventType":"logout"}).
      expect(reasons.filter((reason) => reason === "field 'eventTime' is missing")).toHaveLength(17);
      expect(reasons.filter((reason) => reason === "field 'eventTime' is not a timestamp")).toHaveLength(2);
      expect(reasons.filter((reason) => reason === "field 'eventName' is missing")).toHaveLength(2);
    });

    it('refuses only fixtures that really lack a name or a readable time', () => {
      const tally = mapAll(awsCloudTrail, records);
      const refusedLines = new Set(tally.refused.map((refusal) => refusal.position));
      const partial = records.filter((record) => {
        const keys = Object.fromEntries(Object.entries(record.value as object).map(([key, value]) => [key.toLowerCase(), value as unknown]));
        return typeof keys['eventname'] !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/.test(String(keys['eventtime'] ?? ''));
      });

      expect(partial.map((record) => record.position).sort((a, b) => a - b)).toEqual([...refusedLines].sort((a, b) => a - b));
    });

    it('rates StopLogging as a CRITICAL security event and names the trail as target', () => {
      const record = at(records, 49);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: '1',
        occurredAt: utcMicros(2019, 1, 1, 0, 0, 0),
        action: 'StopLogging',
        category: 'SECURITY',
        severity: 'CRITICAL',
        outcome: 'success',
        actor: { kind: 'service', id: 'arn:aws:sts::123456789012:assumed-role/tester', name: 'Tester/tester', email: null },
        target: { kind: 'AWS::CloudTrail::Trail', id: 'arn:aws:cloudtrail:us-west-2:123456789012:trail/example-trail', name: 'example-trail' },
      });
    });

    it('maps an AccessDenied errorCode to outcome denied', () => {
      const record = at(records, 339);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: '12345678-1234-1234-1234-111111111111',
        occurredAt: utcMicros(2024, 1, 15, 10, 45, 23),
        action: 'DeleteBucketPublicAccessBlock',
        outcome: 'denied',
        category: 'SECURITY',
        severity: 'CRITICAL',
        actor: { kind: 'user', id: 'arn:aws:iam::111111111111:user/testuser', name: 'testuser', email: null },
        target: { kind: 'AWS::S3::Bucket', id: 'corporate-documents', name: 'corporate-documents' },
        description: 'testuser called DeleteBucketPublicAccessBlock (s3.amazonaws.com, us-east-1) — AccessDenied: Access Denied',
      });
    });

    it('maps another errorCode to outcome failure', () => {
      const record = at(records, 51);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({ action: 'StopLogging', outcome: 'failure', severity: 'CRITICAL' });
    });

    it('maps a console sign-in whose responseElements say Failure to a failed AUTH event', () => {
      const record = at(records, 53);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: 'd38ce1b3-4575-4cb8-a632-611b8243bfc3',
        occurredAt: utcMicros(2022, 11, 10, 16, 24, 34),
        action: 'ConsoleLogin',
        category: 'AUTH',
        severity: 'WARNING',
        outcome: 'failure',
        actor: { kind: 'user', id: 'AIDACKCEVSQ6C2EXAMPLE', name: 'anaya', email: null },
        context: { ip: '192.0.2.0' },
      });
    });

    it('raises a routine call by the root user (ListAccessKeys) to WARNING', () => {
      const record = at(records, 313);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({ action: 'ListAccessKeys', category: 'INFRASTRUCTURE', outcome: 'success', severity: 'WARNING' });
      expect(event.actor).toEqual({ kind: 'user', id: 'arn:aws:iam::123456789012:root', name: 'root', email: null });
    });

    it('raises a password console sign-in without MFA to WARNING', () => {
      const record = at(records, 70);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({ action: 'ConsoleLogin', category: 'AUTH', outcome: 'success', severity: 'WARNING' });
    });

    it('reads a lower-cased fixture with a zone-less time as UTC, flagged zoned:false', () => {
      const record = at(records, 31);
      const event = eventOf(awsCloudTrail.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: '5d4b45ed-a15c-41b6-80e9-031729fa060d',
        occurredAt: utcMicros(2023, 1, 10, 21, 4, 2),
        zoned: false,
        action: 'GetRecords',
        category: 'DATA_ACCESS',
        severity: 'INFO',
        outcome: 'success',
      });
    });
  });

  describe('the honey-bucket CSV row (shape row)', () => {
    it('parses the Python-repr User ID and Request Parameters and rates the alert WARNING', () => {
      const event = eventOf(awsCloudTrail.map(HONEYBUCKET_ROW, 'csv line'));

      expect(awsCloudTrail.recognise(HONEYBUCKET_ROW)).toBeGreaterThanOrEqual(0.9);
      expect(event).toMatchObject({
        eventId: '283770f5-968d-448d-9328-0b010f4d3696',
        occurredAt: utcMicros(2022, 2, 18, 17, 34, 57),
        zoned: true,
        action: 'ListObjects',
        category: 'FILE_OPS',
        severity: 'WARNING',
        outcome: 'unknown',
        actor: { kind: 'user', id: 'ANONYMOUS_PRINCIPAL', name: 'Anonymous', email: null },
        target: { kind: 'AWS::S3::Bucket', id: 'microsoft-devtest', name: 'microsoft-devtest' },
        context: { ip: '177.131.167.145', requestId: 'E2E91AQVN6DJHZ91' },
        raw: 'csv line',
      });
      expect(event.data).toMatchObject({ alert: '302-2022-02-18T17:34:57Z', repeatedAttempts: '4', requestParameters: { bucketName: 'microsoft-devtest' } });
    });

    it('refuses a row without Event DateTime, naming the CSV column', () => {
      expect(reasonFor({ ...HONEYBUCKET_ROW, 'Event DateTime': '' })).toBe("field 'Event DateTime' is missing");
    });
  });
});

describe('AWS CloudTrail mapping rules', () => {
  const base = {
    eventVersion: '1.08',
    eventTime: '2024-03-01T12:00:00.250Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    eventID: 'e-1',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/ana@example.com', userName: 'ana@example.com', principalId: 'AIDA1' },
  };

  it('reads eventTime with milliseconds exactly', () => {
    expect(eventOf(map(base)).occurredAt).toBe(utcMicros(2024, 3, 1, 12, 0, 0, 250_000));
  });

  it('takes the email from an email-shaped user name', () => {
    expect(eventOf(map(base)).actor).toEqual({ kind: 'user', id: 'arn:aws:iam::1:user/ana@example.com', name: 'ana@example.com', email: 'ana@example.com' });
  });

  it('classifies UnauthorizedOperation as denied and DryRunOperation as success', () => {
    expect(eventOf(map({ ...base, errorCode: 'Client.UnauthorizedOperation' })).outcome).toBe('denied');
    expect(eventOf(map({ ...base, errorCode: 'Client.DryRunOperation' })).outcome).toBe('success');
  });

  it('treats an IAM Identity Center role session as a person', () => {
    const identity = { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_1/bob', principalId: 'AROA:bob' };
    expect(eventOf(map({ ...base, userIdentity: identity })).actor).toEqual({ kind: 'user', id: identity.arn, name: 'AWSReservedSSO_Admin_1/bob', email: null });
  });

  it('reads the Logstash @timestamp when eventTime is absent (OTRF export)', () => {
    const { eventTime: _dropped, ...rest } = base;
    expect(eventOf(map({ ...rest, '@timestamp': '2020-09-14T00:44:23.000Z' })).occurredAt).toBe(utcMicros(2020, 9, 14, 0, 44, 23));
  });

  it('recognises a CloudTrail record at 0.95 and an empty object at 0', () => {
    expect(awsCloudTrail.recognise(base)).toBe(0.95);
    expect(awsCloudTrail.recognise({})).toBe(0);
  });

  it.each([null, 42, 'text', [base]])('refuses a non-object record (%j)', (value) => {
    expect(reasonFor(value)).toMatch(/^record is not a JSON object \(got (null|a number|a string|an array)\)$/);
  });

  it('refuses a record without a time, naming eventTime', () => {
    const { eventTime: _dropped, ...rest } = base;
    expect(reasonFor(rest)).toBe("field 'eventTime' is missing");
  });

  it('refuses a record whose time is not a timestamp', () => {
    expect(reasonFor({ ...base, eventTime: 'yesterday' })).toBe('field \'eventTime\' is not a timestamp: "yesterday"');
  });

  it('refuses a record without eventName', () => {
    const { eventName: _dropped, ...rest } = base;
    expect(reasonFor(rest)).toBe("field 'eventName' is missing");
  });

  it('never throws, and yields only known categories and severities, on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object()), (value) => {
        const score = awsCloudTrail.recognise(value);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const outcome = awsCloudTrail.map(value, 'raw');
        if (outcome.ok && 'event' in outcome) {
          expect(CATEGORIES).toContain(outcome.event.category);
          expect(SEVERITIES).toContain(outcome.event.severity);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary objects shaped like CloudTrail records', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string());
    const record = fc.record(
      { eventName: anything, eventTime: anything, errorCode: anything, userIdentity: anything, requestParameters: anything, resources: anything, responseElements: anything, CloudTrailEvent: anything, 'User ID': anything },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, (value) => {
        awsCloudTrail.recognise(value);
        awsCloudTrail.map(value, 'raw');
      }),
      { numRuns: 500 },
    );
  });
});
