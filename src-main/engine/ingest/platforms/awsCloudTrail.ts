/**
 * AWS CloudTrail. Three record shapes reach this mapping (shared/datasets/aws_cloudtrail/SOURCE.txt):
 *  - a CloudTrail event object: an NDJSON line, or one element of an S3 `{"Records":[...]}`
 *    file (the reader unwraps the envelope). Logstash exports carry `@timestamp` instead of
 *    `eventTime`; some fixtures lower-case every key (`eventname`), so top-level keys are read
 *    ignoring case;
 *  - the Event history / LookupEvents shape (`aws cloudtrail lookup-events`): `EventId`,
 *    `EventName`, `EventTime` and `CloudTrailEvent`, the full event as a JSON *string*. We map
 *    the inner event and fall back to the outer fields it lacks; `raw` stays as given;
 *  - a CSV row of a honey-bucket alerting export (`Event Name`, `User ID`, `Event DateTime`,
 *    ...), whose `User ID` and `Request Parameters` cells are Python dict reprs, not JSON.
 *
 * Outcome: CloudTrail writes `errorCode` only when a call failed ("CloudTrail record contents",
 * AWS CloudTrail User Guide), so no errorCode means success; an authorisation refusal
 * (AccessDenied, UnauthorizedOperation, ...) is `denied`, any other code `failure`. A console
 * sign-in that failed has no errorCode but `responseElements.ConsoleLogin: "Failure"`. A
 * `DryRunOperation` code is AWS saying the call *would* have succeeded: success, nothing changed.
 * The honey-bucket CSV has no error column: `unknown`.
 */
import { isIP } from 'node:net';
import type { Actor, MappingOutcome, Outcome, Severity, Target } from '../../../../src-shared/event';
import { severityRank } from '../../../../src-shared/event';
import { emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import { at, atIgnoringCase, describeJsonType, isObject, quote, text, type JsonObject } from '../mapping/values';
import { CLOUDTRAIL_RULES } from './awsCloudTrailRules';
import { parsePythonLiteral } from './pythonLiteral';

export const AWS_CLOUDTRAIL_ID = 'aws-cloudtrail';

/** The CSV columns of the honey-bucket export, in its header order. */
const HONEYBUCKET = {
  eventType: 'Event Type',
  eventName: 'Event Name',
  requestId: 'Request ID',
  userId: 'User ID',
  requestParameters: 'Request Parameters',
  alert: 'Alert',
  eventId: 'Event ID',
  eventTime: 'Event DateTime',
  alarmTime: 'Alarm DateTime',
  sourceIp: 'Source IP',
  userAgent: 'Request User Agent',
  repeatedAttempts: 'Repeated Attempts',
} as const;

/** The event fields kept as `data`: the call's detail, not what already has a canonical column. */
const DATA_FIELDS = [
  'eventSource', 'awsRegion', 'eventType', 'eventCategory', 'managementEvent', 'readOnly', 'recipientAccountId',
  'userIdentity', 'requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails', 'resources',
  'errorCode', 'errorMessage', 'sharedEventID', 'vpcEndpointId', 'tlsDetails', 'sessionCredentialFromConsole',
] as const;

/** Error codes that mean an authorisation refusal rather than a failed call. */
const DENIED_CODE = /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized|Forbidden/i;

/**
 * Which request parameter names the call's target, by the CloudTrail resource type it means;
 * a service, when given, limits the row to calls of that service (`groupName` is an IAM group
 * in IAM and a security group in EC2). First match wins; `resources[]` (when CloudTrail filled
 * it) wins over all of them.
 */
const TARGET_PARAMETERS: readonly (readonly [parameter: string, kind: string, service: string | null])[] = [
  ['userName', 'AWS::IAM::User', null],
  ['roleName', 'AWS::IAM::Role', null],
  ['groupName', 'AWS::IAM::Group', 'iam'],
  ['groupName', 'AWS::EC2::SecurityGroup', 'ec2'],
  ['groupId', 'AWS::EC2::SecurityGroup', null],
  ['policyArn', 'AWS::IAM::Policy', null],
  ['policyName', 'AWS::IAM::Policy', 'iam'],
  ['instanceProfileName', 'AWS::IAM::InstanceProfile', null],
  ['secretId', 'AWS::SecretsManager::Secret', null],
  ['keyId', 'AWS::KMS::Key', null],
  ['functionName', 'AWS::Lambda::Function', null],
  ['dBInstanceIdentifier', 'AWS::RDS::DBInstance', null],
  ['dBClusterIdentifier', 'AWS::RDS::DBCluster', null],
  ['dBSnapshotIdentifier', 'AWS::RDS::DBSnapshot', null],
  ['snapshotId', 'AWS::EC2::Snapshot', null],
  ['imageId', 'AWS::EC2::Image', null],
  ['vpcId', 'AWS::EC2::VPC', null],
  ['logGroupName', 'AWS::Logs::LogGroup', null],
  ['detectorId', 'AWS::GuardDuty::Detector', null],
  ['tableName', 'AWS::DynamoDB::Table', null],
  ['stackName', 'AWS::CloudFormation::Stack', null],
  ['clusterName', 'AWS::EKS::Cluster', null],
  ['configurationRecorderName', 'AWS::Config::ConfigurationRecorder', null],
  ['deliveryChannelName', 'AWS::Config::DeliveryChannel', null],
  ['trailName', 'AWS::CloudTrail::Trail', null],
  ['name', 'AWS::CloudTrail::Trail', 'cloudtrail'], // StopLogging, DeleteTrail, UpdateTrail name the trail here
  ['name', 'AWS::Route53::HostedZone', 'route53'],
];

/** A record seen as one CloudTrail event, whatever shape it came in. */
interface TrailView {
  event: JsonObject;
  /** the field names to quote in refusals (the CSV column names for the honey-bucket rows) */
  labels: { time: string; action: string };
  /** honey-bucket rows carry no error column and are alerts by construction */
  honeyBucket: boolean;
  extraData: JsonObject;
}

function field(event: JsonObject, key: string): unknown {
  return atIgnoringCase(event, key);
}

function lookupEventsView(record: JsonObject, inner: unknown): TrailView {
  // The outer fields of LookupEvents, renamed to the event's own keys; the inner event wins.
  const outer: JsonObject = {};
  const copy = (from: string, to: string): void => {
    const value = record[from];
    if (value !== undefined && value !== null) outer[to] = value;
  };
  copy('EventId', 'eventID');
  copy('EventName', 'eventName');
  copy('EventTime', 'eventTime');
  copy('EventSource', 'eventSource');
  const username = text(record['Username']);
  if (username !== null) outer['userIdentity'] = { userName: username, accessKeyId: text(record['AccessKeyId']) };
  const event = isObject(inner) ? { ...outer, ...inner } : outer;
  const extraData: JsonObject = {};
  if (!isObject(inner)) extraData['cloudTrailEvent'] = record['CloudTrailEvent'];
  if (Array.isArray(record['Resources']) && record['Resources'].length > 0) extraData['lookupResources'] = record['Resources'];
  return { event, labels: { time: 'eventTime', action: 'eventName' }, honeyBucket: false, extraData };
}

function honeyBucketView(row: JsonObject): TrailView {
  const cell = (key: string): unknown => row[key];
  const identity = parsePythonLiteral(text(cell(HONEYBUCKET.userId)) ?? '');
  const parameters = parsePythonLiteral(text(cell(HONEYBUCKET.requestParameters)) ?? '');
  const event: JsonObject = {
    eventType: cell(HONEYBUCKET.eventType),
    eventName: cell(HONEYBUCKET.eventName),
    eventID: cell(HONEYBUCKET.eventId),
    eventTime: cell(HONEYBUCKET.eventTime),
    requestID: cell(HONEYBUCKET.requestId),
    sourceIPAddress: cell(HONEYBUCKET.sourceIp),
    userAgent: cell(HONEYBUCKET.userAgent),
    eventSource: 's3.amazonaws.com', // the export is built from S3 data events (SOURCE.txt, file 2)
    userIdentity: identity ?? cell(HONEYBUCKET.userId),
    requestParameters: parameters ?? cell(HONEYBUCKET.requestParameters),
  };
  const extraData: JsonObject = {
    alert: text(cell(HONEYBUCKET.alert)),
    alarmDateTime: text(cell(HONEYBUCKET.alarmTime)),
    repeatedAttempts: text(cell(HONEYBUCKET.repeatedAttempts)),
  };
  return { event, labels: { time: HONEYBUCKET.eventTime, action: HONEYBUCKET.eventName }, honeyBucket: true, extraData };
}

function viewOf(record: JsonObject): TrailView {
  const wrapped = atIgnoringCase(record, 'CloudTrailEvent');
  if (wrapped !== undefined) {
    let inner: unknown = wrapped;
    if (typeof wrapped === 'string') {
      try {
        inner = JSON.parse(wrapped) as unknown;
      } catch {
        inner = null; // mapped from the outer fields; the string stays in data and raw
      }
    }
    return lookupEventsView(record, inner);
  }
  if (Object.hasOwn(record, HONEYBUCKET.eventName)) return honeyBucketView(record);
  return { event: record, labels: { time: 'eventTime', action: 'eventName' }, honeyBucket: false, extraData: {} };
}

function outcomeOf(view: TrailView, action: string): Outcome {
  if (view.honeyBucket) return 'unknown';
  const code = text(field(view.event, 'errorCode'));
  if (code !== null) {
    if (/DryRunOperation$/.test(code)) return 'success';
    return DENIED_CODE.test(code) ? 'denied' : 'failure';
  }
  if (text(field(view.event, 'errorMessage')) !== null) return 'failure';
  // ConsoleLogin, CheckMfa, SwitchRole ... report their own result under their own name.
  const own = text(at(field(view.event, 'responseElements'), action));
  if (own !== null && own.toLowerCase() === 'failure') return 'failure';
  return 'success';
}

function arnTail(arn: string | null): string | null {
  if (arn === null) return null;
  const tail = arn.slice(arn.lastIndexOf('/') + 1);
  return tail === '' || tail === arn ? null : tail;
}

/**
 * An assumed role is a person when the session says so: an email as session name, an IAM
 * Identity Center role (AWSReservedSSO_*), or a console session; otherwise it is a workload.
 */
function assumedRoleIsPerson(role: string | null, session: string | null, event: JsonObject): boolean {
  if (emailOf(session) !== null) return true;
  if (role?.startsWith('AWSReservedSSO_') === true) return true;
  return text(field(event, 'sessionCredentialFromConsole')) === 'true' || text(field(event, 'eventName')) === 'ConsoleLogin';
}

function actorOf(identity: unknown, event: JsonObject): Actor {
  const eventType = text(field(event, 'eventType'));
  if (!isObject(identity) || Object.keys(identity).length === 0) {
    return eventType === 'AwsServiceEvent' ? systemActor('AWS') : { kind: 'user', id: null, name: null, email: null };
  }
  const get = (key: string): string | null => text(atIgnoringCase(identity, key));
  const type = get('type');
  const arn = get('arn');
  const principalId = get('principalId');
  const accountId = get('accountId');
  const userName = get('userName');
  const invokedBy = get('invokedBy');
  switch (type) {
    case 'AWSService':
      return { kind: 'service', id: invokedBy ?? principalId, name: invokedBy ?? principalId, email: null };
    case 'AssumedRole': {
      // arn:aws:sts::123456789012:assumed-role/<role>/<session>; an SSO or console session name
      // is usually the person's email, which makes the actor a person rather than a workload.
      const session = arnTail(arn) ?? principalId?.split(':')[1] ?? null;
      const role = text(at(identity, 'sessionContext.sessionIssuer.userName')) ?? arn?.split('/')[1] ?? null;
      const name = role !== null && session !== null ? `${role}/${session}` : (session ?? role ?? principalId);
      return { kind: assumedRoleIsPerson(role, session, event) ? 'user' : 'service', id: arn ?? principalId, name, email: emailOf(session) };
    }
    case 'Root':
      return { kind: 'user', id: arn ?? accountId, name: userName ?? 'root', email: null };
    case 'AWSAccount':
      return {
        kind: 'user',
        id: principalId ?? accountId,
        name: accountId === 'ANONYMOUS_PRINCIPAL' ? 'Anonymous' : (accountId ?? principalId),
        email: null,
      };
    case null:
      // Service events carry only {accountId, invokedBy}
      if (invokedBy !== null) return { kind: 'service', id: invokedBy, name: invokedBy, email: null };
      return { kind: 'user', id: arn ?? principalId ?? accountId, name: userName ?? arnTail(arn) ?? principalId ?? accountId, email: emailOf(userName) };
    default: {
      // IAMUser, FederatedUser, SAMLUser, WebIdentityUser, IdentityCenterUser, Unknown
      const name = userName ?? arnTail(arn) ?? principalId ?? accountId;
      return { kind: 'user', id: arn ?? principalId ?? userName, name, email: emailOf(userName, name) };
    }
  }
}

function targetOf(event: JsonObject, eventSource: string | null): Partial<Target> {
  const resources = field(event, 'resources');
  if (Array.isArray(resources)) {
    const first: unknown = resources[0];
    const arn = text(at(first, 'ARN')) ?? text(at(first, 'arn'));
    if (arn !== null) return { kind: text(at(first, 'type')), id: arn, name: arnTail(arn) ?? arn };
  }
  const parameters = field(event, 'requestParameters');
  if (!isObject(parameters)) return {};
  const bucket = text(parameters['bucketName']);
  if (bucket !== null) {
    const key = text(parameters['key']);
    if (key !== null) return { kind: 'AWS::S3::Object', id: `${bucket}/${key}`, name: key };
    return { kind: 'AWS::S3::Bucket', id: bucket, name: bucket };
  }
  const instance = firstInstance(parameters);
  if (instance !== null) return { kind: 'AWS::EC2::Instance', id: instance, name: instance };
  const service = eventSource?.split('.')[0] ?? null;
  for (const [parameter, kind, only] of TARGET_PARAMETERS) {
    if (only !== null && only !== service) continue;
    const value = text(parameters[parameter]);
    if (value !== null) return { kind, id: value, name: arnTail(value) ?? value };
  }
  return {};
}

function firstInstance(parameters: JsonObject): string | null {
  const items = at(parameters, 'instancesSet.items');
  return Array.isArray(items) ? text(at(items[0], 'instanceId')) : null;
}

function ipOf(value: string | null): string | null {
  // sourceIPAddress also holds AWS service names ("ec2.amazonaws.com", "AWS Internal"): kept in raw.
  return value !== null && isIP(value) !== 0 ? value : null;
}

function atLeast(severity: Severity, floor: Severity): Severity {
  return severityRank(severity) >= severityRank(floor) ? severity : floor;
}

/**
 * Identity rules an auditor applies on top of the action table:
 *  - any call by the root user is reviewed (CIS AWS Foundations 1.7, "eliminate use of root");
 *  - a console sign-in with a password and without MFA is reviewed (CIS AWS Foundations 1.10);
 *    federated sign-ins report MFAUsed "No" because MFA happened at the identity provider;
 *  - a honey-bucket row is an alert by construction: nobody should touch that bucket.
 */
function reviewFloor(view: TrailView, action: string, identityType: string | null): Severity {
  if (view.honeyBucket) return 'WARNING';
  if (identityType === 'Root' && text(field(view.event, 'eventType')) !== 'AwsServiceEvent') return 'WARNING';
  const passwordUser = identityType === 'IAMUser' || identityType === 'Root';
  if (action === 'ConsoleLogin' && passwordUser && text(at(field(view.event, 'additionalEventData'), 'MFAUsed')) === 'No') return 'WARNING';
  return 'INFO';
}

function describe(actor: Actor, action: string, eventSource: string | null, region: string | null, event: JsonObject): string {
  const who = actor.name ?? actor.id ?? 'An unidentified caller';
  const where = [eventSource, region].filter((part): part is string => part !== null).join(', ');
  const code = text(field(event, 'errorCode'));
  const message = text(field(event, 'errorMessage'));
  const failure = code !== null || message !== null ? ` — ${[code, message].filter((p) => p !== null).join(': ')}` : '';
  const sentence = `${who} called ${action}${where === '' ? '' : ` (${where})`}${failure}`;
  return sentence.length > 240 ? `${sentence.slice(0, 239)}…` : sentence;
}

function dataOf(view: TrailView): JsonObject {
  const data: JsonObject = {};
  for (const key of DATA_FIELDS) {
    const value = field(view.event, key);
    if (value !== undefined) data[key] = value;
  }
  for (const [key, value] of Object.entries(view.extraData)) if (value !== null && value !== undefined) data[key] = value;
  return data;
}

function mapCloudTrail(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  const view = viewOf(record);
  const { event, labels } = view;

  const actionValue = field(event, 'eventName');
  const action = text(actionValue);
  if (action === null) {
    return refuse(actionValue === undefined || actionValue === null ? `field '${labels.action}' is missing` : `field '${labels.action}' is not a name: ${quote(actionValue)}`);
  }

  // Logstash re-exports drop eventTime and keep only its own @timestamp (SOURCE.txt, file 1).
  const timeValue = field(event, 'eventTime') ?? field(event, '@timestamp');
  if (timeValue === undefined || timeValue === null || timeValue === '') return refuse(`field '${labels.time}' is missing`);
  const instant = readInstant(timeValue);
  if (instant === null) return refuse(`field '${labels.time}' is not a timestamp: ${quote(timeValue)}`);

  const outcome = outcomeOf(view, action);
  const identity = field(event, 'userIdentity');
  const identityType = text(atIgnoringCase(identity, 'type'));
  const actor = actorOf(identity, event);
  const eventSource = text(field(event, 'eventSource'));
  const region = text(field(event, 'awsRegion'));
  const classification = classify(CLOUDTRAIL_RULES, action, outcome);
  const severity = atLeast(classification.severity, reviewFloor(view, action, identityType));
  const accessKeyId = text(atIgnoringCase(identity, 'accessKeyId'));

  return canonicalEvent({
    sourceId: AWS_CLOUDTRAIL_ID,
    eventId: text(field(event, 'eventID')),
    instant,
    action,
    classification: { category: classification.category, severity },
    outcome,
    actor,
    target: targetOf(event, eventSource),
    context: {
      ip: ipOf(text(field(event, 'sourceIPAddress'))),
      userAgent: text(field(event, 'userAgent')),
      requestId: text(field(event, 'requestID')),
      // ASIA… keys are temporary STS credentials: one per session, the closest CloudTrail has to a session id.
      sessionId: accessKeyId !== null && accessKeyId.startsWith('ASIA') ? accessKeyId : null,
    },
    description: describe(actor, action, eventSource, region, event),
    data: dataOf(view),
    raw,
  });
}

function recogniseCloudTrail(record: unknown): number {
  if (!isObject(record)) return 0;
  const has = (key: string): boolean => {
    const value = atIgnoringCase(record, key);
    return value !== undefined && value !== null;
  };
  if (typeof atIgnoringCase(record, 'CloudTrailEvent') === 'string' && has('EventId')) return 0.95;
  if (has(HONEYBUCKET.eventName) && has(HONEYBUCKET.userId) && has(HONEYBUCKET.eventId)) return 0.9;
  if (typeof atIgnoringCase(record, 'eventName') !== 'string') return 0;
  const source = text(atIgnoringCase(record, 'eventSource'));
  if (source !== null && has('eventVersion')) return 0.95;
  if (source !== null && source.endsWith('.amazonaws.com')) return 0.9;
  if (has('userIdentity') || has('awsRegion') || has('recipientAccountId')) return 0.75;
  if (has('eventID') || has('requestParameters') || has('responseElements')) return 0.6;
  return 0.2;
}

export const awsCloudTrail: PlatformMapping = {
  id: AWS_CLOUDTRAIL_ID,
  name: 'AWS CloudTrail',
  shapes: ['json', 'row'],
  recognise: (record) => {
    try {
      return recogniseCloudTrail(record);
    } catch {
      return 0;
    }
  },
  map: (record, raw) => {
    try {
      return mapCloudTrail(record, raw);
    } catch (error) {
      // Defensive only: every reader above is total; a bug must not stop an import.
      return refuse(`record could not be mapped: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};
