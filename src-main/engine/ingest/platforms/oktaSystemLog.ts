/**
 * Okta System Log: one LogEvent of `GET /api/v1/logs` (shared/datasets/okta_system_log/SOURCE.txt)
 *   {uuid, published, eventType, displayMessage, severity, actor{id,type,alternateId,displayName},
 *    client{ipAddress, userAgent.rawUserAgent, geographicalContext}, outcome{result, reason},
 *    target[], authenticationContext.externalSessionId, debugContext.debugData, transaction}
 *
 * Outcome (Okta's `outcome.result`): SUCCESS and ALLOW are success, FAILURE is failure, DENY is
 * denied. CHALLENGE (the user was sent to a further factor or to enrolment), SKIPPED and UNKNOWN
 * record no final decision in this event: `unknown`.
 * Severity: the rule table's, raised to Okta's own where Okta rates the event higher
 * (WARN → WARNING, ERROR → ERROR; DEBUG and INFO add nothing).
 * Description: Okta's `displayMessage`, with `outcome.reason` when Okta gives one.
 */
import type { Actor, ActorKind, MappingOutcome, Outcome, Severity, Target } from '../../../../src-shared/event';
import { severityRank } from '../../../../src-shared/event';
import { actorKindFrom, emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, quote, text, type JsonObject } from '../mapping/values';

export const OKTA_SYSTEM_LOG_ID = 'okta-system-log';

/**
 * Okta event types by category; first match wins. Columns: [eventType, category, severity on
 * success, severity on failure/denied]. Severity follows the principle in awsCloudTrailRules.ts:
 * CRITICAL when a control is removed, WARNING when a control or privilege changes in a way an
 * auditor reviews, INFO otherwise.
 */
export const OKTA_RULES: readonly ClassificationRow[] = [
  // SECURITY — threats and findings Okta itself raises
  ['security.breached_credential.detected', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['security.attack.start', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['security.threat.detected', 'SECURITY', 'WARNING', 'ERROR'],
  ['security.request.blocked', 'SECURITY', 'WARNING', 'WARNING'],
  ['user.account.report_suspicious_activity_by_enduser', 'SECURITY', 'WARNING', 'WARNING'],
  ['user.session.impersonation.*', 'SECURITY', 'WARNING', 'ERROR'],
  ['security.*', 'SECURITY', 'WARNING', 'ERROR'], // ThreatInsight and authenticator configuration
  // SECURITY — policies (sign-on, password, MFA enrolment), their rules, network zones, log streams
  [/^policy\.(lifecycle|rule)\.(delete|deactivate)$/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^policy\.(lifecycle|rule)\.update$/, 'SECURITY', 'WARNING', 'ERROR'],
  ['policy.evaluate_sign_on', 'AUTH', 'INFO', 'WARNING'],
  ['policy.*', 'SECURITY', 'INFO', 'WARNING'],
  [/^application\.policy\.sign_on\.(update|rule\.(update|delete|deactivate))$/, 'SECURITY', 'WARNING', 'ERROR'],
  ['application.policy.*', 'SECURITY', 'INFO', 'WARNING'],
  [/^zone\.(update|delete|deactivate)$/, 'SECURITY', 'WARNING', 'ERROR'],
  ['zone.*', 'SECURITY', 'INFO', 'WARNING'],
  [/^system\.log_stream\.lifecycle\.(delete|deactivate)$/, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['system.log_stream.*', 'SECURITY', 'WARNING', 'ERROR'],
  [/^system\.mfa\.factor\.deactivate$/, 'SECURITY', 'CRITICAL', 'CRITICAL'], // an MFA factor turned off org-wide
  ['system.mfa.factor.*', 'AUTH', 'INFO', 'WARNING'],

  // AUTH — sessions, authentication, MFA, passwords, lockouts
  ['user.session.start', 'AUTH', 'INFO', 'WARNING'],
  ['user.session.*', 'AUTH', 'INFO', 'WARNING'],
  ['user.authentication.*', 'AUTH', 'INFO', 'WARNING'],
  [/^user\.mfa\.factor\.(deactivate|reset_all|suspend)$/, 'AUTH', 'WARNING', 'ERROR'],
  ['user.mfa.*', 'AUTH', 'INFO', 'WARNING'],
  ['user.account.lock', 'AUTH', 'WARNING', 'WARNING'],
  ['user.account.lock.limit', 'AUTH', 'WARNING', 'WARNING'],
  [/^user\.account\.(unlock|reset_password|update_password|expire_password|reset_factor)/, 'AUTH', 'INFO', 'WARNING'],
  ['user.credential.*', 'AUTH', 'INFO', 'WARNING'],
  ['app.oauth2.signon', 'AUTH', 'INFO', 'WARNING'],

  // PERMISSION — administrator roles, group and app assignments, OAuth consents
  ['user.account.privilege.grant', 'PERMISSION', 'WARNING', 'ERROR'],
  ['user.account.privilege.revoke', 'PERMISSION', 'INFO', 'WARNING'],
  ['group.privilege.grant', 'PERMISSION', 'WARNING', 'ERROR'],
  ['group.privilege.revoke', 'PERMISSION', 'INFO', 'WARNING'],
  ['iam.*', 'PERMISSION', 'WARNING', 'ERROR'], // custom admin roles and resource sets
  ['group.user_membership.*', 'PERMISSION', 'INFO', 'WARNING'],
  ['application.user_membership.*', 'PERMISSION', 'INFO', 'WARNING'],
  ['application.group_membership.*', 'PERMISSION', 'INFO', 'WARNING'],
  ['app.oauth2.admin.consent.*', 'PERMISSION', 'INFO', 'WARNING'],
  ['app.oauth2.as.consent.*', 'PERMISSION', 'INFO', 'WARNING'],

  // API_ACCESS — API tokens, OAuth clients, keys and authorization servers
  ['system.api_token.create', 'API_ACCESS', 'WARNING', 'ERROR'],
  ['system.api_token.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['app.oauth2.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['oauth2.*', 'API_ACCESS', 'INFO', 'WARNING'],

  // USER_MGMT — people, groups, profiles, provisioning
  ['user.lifecycle.delete.*', 'USER_MGMT', 'WARNING', 'ERROR'],
  ['user.lifecycle.*', 'USER_MGMT', 'INFO', 'ERROR'],
  ['user.account.*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['group.*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['directory.mapping.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['directory.*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['application.provision.*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['system.import.*', 'USER_MGMT', 'INFO', 'WARNING'],

  // TENANT_MGMT — applications and org configuration
  ['application.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['system.org.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['system.brand.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['system.email.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['system.rate_limit.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['system.feature.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['system.idp.*', 'TENANT_MGMT', 'WARNING', 'ERROR'], // who may federate in

  // COMPLIANCE — reading the audit record
  ['system.log.*', 'COMPLIANCE', 'INFO', 'WARNING'],

  // SYSTEM — agents, hooks, everything else Okta runs for itself
  ['system.*', 'SYSTEM', 'INFO', 'WARNING'],
];

const OUTCOME_BY_RESULT: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ['SUCCESS', 'success'],
  ['ALLOW', 'success'],
  ['FAILURE', 'failure'],
  ['DENY', 'denied'],
  ['CHALLENGE', 'unknown'],
  ['SKIPPED', 'unknown'],
  ['UNKNOWN', 'unknown'],
]);

const SEVERITY_BY_OKTA: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ['DEBUG', 'INFO'],
  ['INFO', 'INFO'],
  ['WARN', 'WARNING'],
  ['ERROR', 'ERROR'],
]);

/** Okta actor types that are not people (the rest go through the shared actor-kind table). */
const ACTOR_KIND_BY_OKTA_TYPE: ReadonlyMap<string, ActorKind> = new Map<string, ActorKind>([
  ['SystemPrincipal', 'system'],
  ['PublicClientApp', 'service'],
  ['AppInstance', 'service'],
  ['Client', 'service'],
  ['ApiToken', 'apiKey'],
]);

function actorOf(record: JsonObject): Actor {
  const actor = record['actor'];
  const type = text(at(actor, 'type'));
  const kind = (type !== null ? ACTOR_KIND_BY_OKTA_TYPE.get(type) : undefined) ?? actorKindFrom(type);
  const alternateId = text(at(actor, 'alternateId'));
  const displayName = text(at(actor, 'displayName'));
  return {
    kind,
    id: text(at(actor, 'id')),
    name: displayName ?? alternateId,
    // system@okta.com is Okta's own principal, not a mailbox anyone reads
    email: kind === 'system' ? null : emailOf(alternateId),
  };
}

/** Okta lists the primary target first. */
function targetOf(record: JsonObject): Partial<Target> {
  const targets = record['target'];
  if (!Array.isArray(targets)) return {};
  const first: unknown = targets[0];
  if (!isObject(first)) return {};
  return { kind: text(first['type']), id: text(first['id']), name: text(first['displayName']) ?? text(first['alternateId']) };
}

function geoOf(record: JsonObject): string | null {
  const geo = at(record, 'client.geographicalContext');
  const parts = [text(at(geo, 'city')), text(at(geo, 'state')), text(at(geo, 'country'))].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** Okta writes the word "unknown" where it has no request id. */
function known(value: string | null): string | null {
  return value === null || value.toLowerCase() === 'unknown' ? null : value;
}

function raise(severity: Severity, floor: Severity | undefined): Severity {
  return floor !== undefined && severityRank(floor) > severityRank(severity) ? floor : severity;
}

/** The detail an auditor drills into: Okta's nested objects, as exported. */
function dataOf(record: JsonObject): JsonObject {
  const data: JsonObject = {};
  for (const key of ['severity', 'legacyEventType', 'outcome', 'target', 'debugContext', 'authenticationContext', 'securityContext', 'transaction', 'request']) {
    const value = record[key];
    if (value !== undefined && value !== null) data[key] = value;
  }
  return data;
}

function mapOkta(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);

  const actionValue = record['eventType'];
  const action = text(actionValue);
  if (action === null) return refuse(actionValue === undefined || actionValue === null ? "field 'eventType' is missing" : `field 'eventType' is not a name: ${quote(actionValue)}`);

  const published = record['published'];
  if (published === undefined || published === null || published === '') return refuse("field 'published' is missing");
  const instant = readInstant(published);
  if (instant === null) return refuse(`field 'published' is not a timestamp: ${quote(published)}`);

  const result = text(at(record, 'outcome.result'))?.toUpperCase() ?? null;
  const outcome = (result !== null ? OUTCOME_BY_RESULT.get(result) : undefined) ?? 'unknown';
  const classification = classify(OKTA_RULES, action, outcome);
  const oktaSeverity = text(record['severity'])?.toUpperCase();
  let severity = raise(classification.severity, oktaSeverity !== undefined ? SEVERITY_BY_OKTA.get(oktaSeverity) : undefined);
  // Making someone a super administrator hands over the whole tenant (doc 001: alert on
  // CRITICAL events in PERMISSION); Okta names the role in debugData.privilegeGranted.
  if (action === 'user.account.privilege.grant' && outcome === 'success' && /super admin/i.test(firstText(record, 'debugContext.debugData.privilegeGranted') ?? '')) {
    severity = 'CRITICAL';
  }

  const message = text(record['displayMessage']) ?? action;
  const reason = text(at(record, 'outcome.reason'));

  return canonicalEvent({
    sourceId: OKTA_SYSTEM_LOG_ID,
    eventId: text(record['uuid']),
    instant,
    action,
    classification: { category: classification.category, severity },
    outcome,
    actor: actorOf(record),
    target: targetOf(record),
    context: {
      ip: firstText(record, 'client.ipAddress'),
      userAgent: firstText(record, 'client.userAgent.rawUserAgent'),
      requestId: known(firstText(record, 'debugContext.debugData.requestId')) ?? known(firstText(record, 'transaction.id')),
      sessionId: firstText(record, 'authenticationContext.externalSessionId', 'authenticationContext.rootSessionId'),
      geo: geoOf(record),
    },
    description: reason !== null ? `${message}: ${reason}` : message,
    data: dataOf(record),
    raw,
  });
}

function recogniseOkta(record: unknown): number {
  if (!isObject(record)) return 0;
  const eventType = text(record['eventType']);
  const published = text(record['published']);
  if (eventType === null || published === null) return 0;
  const hasUuid = text(record['uuid']) !== null;
  if (hasUuid && text(at(record, 'actor.alternateId')) !== null) return 0.95;
  if (hasUuid) return 0.9;
  if (record['displayMessage'] !== undefined || record['legacyEventType'] !== undefined) return 0.85;
  return 0.6;
}

export const oktaSystemLog: PlatformMapping = {
  id: OKTA_SYSTEM_LOG_ID,
  name: 'Okta System Log',
  shapes: ['json'],
  recognise: (record) => {
    try {
      return recogniseOkta(record);
    } catch {
      return 0;
    }
  },
  map: (record, raw) => {
    try {
      return mapOkta(record, raw);
    } catch (error) {
      return refuse(`record could not be mapped: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};
