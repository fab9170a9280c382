/**
 * GitHub organisation / enterprise audit log (REST `GET /orgs/{org}/audit-log`, the streamed
 * and exported JSON; shared/datasets/github_audit/SOURCE.txt):
 *   {action "<area>.<verb>", actor (login), actor_id, created_at | @timestamp (epoch ms, or
 *    "YYYY-MM-DD HH:MM:SS.fff" without a zone → flagged zoned:false), org, repo, user,
 *    _document_id, actor_location{country_code}, user_agent, actor_ip, data{...}, ...}
 * Panther's schema renames `@timestamp` to `at_sign_timestamp`; both are read.
 *
 * Outcome: GitHub entries carry no result field. An entry is written when the action took
 * effect, and refusals are actions of their own (`protected_branch.rejected_ref_update`), so an
 * entry is `success` unless its action names a refusal (`denied`) or, for workflow runs, its
 * `conclusion` says otherwise.
 * Event id: `_document_id` where the export has it; else null (the importer hashes the content).
 * Actor id: `actor_id` where given, else the login (older exports carry only the login).
 */
import type { Actor, MappingOutcome, Outcome, Target } from '../../../../src-shared/event';
import { emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, quote, text, type JsonObject } from '../mapping/values';

export const GITHUB_AUDIT_ID = 'github-audit';

/**
 * GitHub actions by category; first match wins. Columns: [action, category, severity on
 * success, severity on failure/denied]. CRITICAL where an authentication control of the whole
 * organisation is removed (2FA requirement, SAML, IP allow list, OAuth app restrictions);
 * WARNING where a security feature is disabled, a finding is dismissed, branch protection is
 * bypassed or loosened, a privilege is granted, or code leaves the organisation.
 */
export const GITHUB_RULES: readonly ClassificationRow[] = [
  // SECURITY — organisation authentication controls
  ['org.disable_two_factor_requirement', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['org.saml_disabled', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['business.disable_saml', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['ip_allow_list.disable', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['org.disable_oauth_app_restrictions', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['org.update_saml_provider_settings', 'SECURITY', 'WARNING', 'ERROR'],
  ['ip_allow_list_entry.create', 'SECURITY', 'WARNING', 'ERROR'],
  [/^(org\.(enable_two_factor_requirement|saml_enabled|enable_oauth_app_restrictions)|ip_allow_list\.enable|ip_allow_list_entry\.destroy)$/, 'SECURITY', 'INFO', 'WARNING'],
  // Disabling anonymous Git access is a hardening; enabling it is the exposure.
  ['enterprise.config.disable_anonymous_git_access', 'SECURITY', 'INFO', 'WARNING'],
  ['enterprise.config.enable_anonymous_git_access', 'SECURITY', 'WARNING', 'ERROR'],
  // SECURITY — code security features and their findings
  [/^(secret_scanning|repository_secret_scanning|dependabot|repository_vulnerability_alerts|code_scanning|advanced_security|business_advanced_security|repository_advanced_security)[a-z_]*\.(disable|disabled)$/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^(secret_scanning|repository_secret_scanning|dependabot|repository_vulnerability_alerts|code_scanning|advanced_security|business_advanced_security|repository_advanced_security)[a-z_]*\.(enable|enabled)$/, 'SECURITY', 'INFO', 'WARNING'],
  ['secret_scanning_alert.create', 'SECURITY', 'WARNING', 'WARNING'], // a leaked secret was found
  ['secret_scanning_push_protection.bypass', 'SECURITY', 'WARNING', 'WARNING'],
  [/\.dismiss$/, 'SECURITY', 'WARNING', 'ERROR'], // a vulnerability / code-scanning finding dismissed
  ['secret_scanning_alert.*', 'SECURITY', 'INFO', 'WARNING'],
  // SECURITY — branch protection and rulesets (change management, SOX)
  ['protected_branch.rejected_ref_update', 'SECURITY', 'INFO', 'WARNING'],
  ['protected_branch.policy_override', 'SECURITY', 'WARNING', 'ERROR'],
  ['protected_branch.destroy', 'SECURITY', 'WARNING', 'ERROR'],
  ['protected_branch.update_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['protected_branch.*', 'SECURITY', 'INFO', 'WARNING'],
  [/^repository_ruleset\.(destroy|update)$/, 'SECURITY', 'WARNING', 'ERROR'],
  ['repository_ruleset.*', 'SECURITY', 'INFO', 'WARNING'],
  ['required_status_check.destroy', 'SECURITY', 'WARNING', 'ERROR'],
  ['required_status_check.*', 'SECURITY', 'INFO', 'WARNING'],
  ['repo.access', 'SECURITY', 'WARNING', 'ERROR'], // visibility changed (e.g. made public)

  // COMPLIANCE — the audit log itself
  ['org.audit_log_export', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['org.audit_log_git_event_export', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['audit_log_streaming.destroy', 'COMPLIANCE', 'CRITICAL', 'CRITICAL'],
  ['audit_log_streaming.*', 'COMPLIANCE', 'WARNING', 'ERROR'],

  // PERMISSION — owners, admins, moderators, roles, repository and team access
  [/^business\.(add_admin|invite_admin)$/, 'PERMISSION', 'WARNING', 'ERROR'],
  ['business.remove_admin', 'PERMISSION', 'INFO', 'WARNING'],
  ['org.update_member', 'PERMISSION', 'WARNING', 'ERROR'], // member ↔ owner role change
  ['organization_moderators.add_user', 'PERMISSION', 'WARNING', 'ERROR'],
  ['organization_moderators.*', 'PERMISSION', 'INFO', 'WARNING'],
  ['org.set_default_workflow_permissions', 'PERMISSION', 'WARNING', 'ERROR'],
  ['team.promote_maintainer', 'PERMISSION', 'INFO', 'WARNING'],
  [/^team\.(add_member|remove_member|add_repository|remove_repository|update_repository_permission|demote_maintainer)$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/^repo\.(add_member|remove_member|update_member)$/, 'PERMISSION', 'INFO', 'WARNING'],
  ['role.*', 'PERMISSION', 'WARNING', 'ERROR'], // custom repository roles
  ['org.oauth_app_access_approved', 'PERMISSION', 'WARNING', 'ERROR'], // a third-party app may read org data

  // USER_MGMT — organisation membership and teams
  [/^org\.(remove_member|remove_outside_collaborator|block_user)$/, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^org\..*member/, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^(org\.)?invite_(member|user)$/, 'USER_MGMT', 'INFO', 'WARNING'],
  ['org.invite_*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['org.add_*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['team.*', 'USER_MGMT', 'INFO', 'WARNING'],
  [/^business\..*member/, 'USER_MGMT', 'INFO', 'WARNING'],

  // API_ACCESS — tokens, keys, apps and webhooks (data leaving through an integration)
  ['personal_access_token.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['public_key.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['deploy_key.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['oauth_authorization.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['oauth_application.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['integration_installation.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['integration.*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['hook.*', 'API_ACCESS', 'INFO', 'WARNING'],

  // DATA_ACCESS / DATA_MODIFY — source code and its review trail
  [/^git\.(clone|fetch)$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['repo.download_zip', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['git.push', 'DATA_MODIFY', 'INFO', 'WARNING'],
  [/^repo\.(transfer|transfer_outgoing|transfer_start)$/, 'DATA_MODIFY', 'WARNING', 'ERROR'], // code leaves the org
  ['repo.destroy', 'DATA_MODIFY', 'WARNING', 'ERROR'],
  ['repo.*', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['pull_request*', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['project*', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['discussion*', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['issue*', 'DATA_MODIFY', 'INFO', 'WARNING'],

  // INFRASTRUCTURE — CI (GitHub Actions) and its runners
  ['workflows.delete_workflow_run', 'INFRASTRUCTURE', 'WARNING', 'ERROR'], // run logs are evidence
  ['workflows.*', 'INFRASTRUCTURE', 'INFO', 'ERROR'],
  ['environment.*', 'INFRASTRUCTURE', 'INFO', 'WARNING'],
  [/^org\..*runner/, 'INFRASTRUCTURE', 'INFO', 'WARNING'],

  // SUBSCRIPTION / TENANT_MGMT — billing, then the organisation's and enterprise's settings
  ['billing.*', 'SUBSCRIPTION', 'INFO', 'WARNING'],
  ['marketplace_*', 'SUBSCRIPTION', 'INFO', 'WARNING'],
  ['org.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['organization_default_label.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['business.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['enterprise.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
];

/** Actions that record a refusal. */
const DENIED_ACTION = /(^|\.)rejected_|\.(blocked|denied)$/;

/** Workflow-run conclusions (GitHub Actions) that are not a success. */
const OUTCOME_BY_CONCLUSION: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ['success', 'success'],
  ['failure', 'failure'],
  ['timed_out', 'failure'],
  ['startup_failure', 'failure'],
  ['cancelled', 'partial'],
  ['action_required', 'partial'],
  ['neutral', 'success'],
  ['skipped', 'success'],
]);

/** Where the time is, in order of preference (SOURCE.txt: created_at, @timestamp, Panther's rename). */
const TIME_FIELDS = ['created_at', '@timestamp', 'at_sign_timestamp'] as const;

/** Keys of the canonical columns; the rest of the record is the event's detail. */
const MAPPED_FIELDS = new Set<string>(['action', 'actor', 'actor_id', '_document_id', 'actor_location', 'user_agent', 'actor_ip', ...TIME_FIELDS]);

/** Fields only GitHub audit entries carry, beside action/actor/time. */
const CHARACTERISTIC_FIELDS = ['_document_id', 'actor_location', 'org', 'repo', 'business', 'actor_id', 'org_id', 'programmatic_access_type', 'hashed_token', 'operation_type', 'repository', 'actor_is_bot'];

function outcomeOf(record: JsonObject, action: string): Outcome {
  if (DENIED_ACTION.test(action)) return 'denied';
  const conclusion = text(record['conclusion'])?.toLowerCase();
  if (conclusion !== undefined) return OUTCOME_BY_CONCLUSION.get(conclusion) ?? 'unknown';
  return 'success';
}

function actorOf(record: JsonObject): Actor {
  const login = text(record['actor']);
  const id = text(record['actor_id']) ?? login;
  if (login === null && id === null) return { kind: 'user', id: null, name: null, email: null };
  const bot = record['actor_is_bot'] === true || (login?.endsWith('[bot]') ?? false);
  // "github" is the platform acting for itself (secret-scanning alerts, scheduled jobs).
  const kind = login === 'github' ? 'system' : bot ? 'service' : 'user';
  return { kind, id, name: login, email: emailOf(text(record['external_identity_nameid']), text(record['external_identity_username'])) };
}

function targetOf(record: JsonObject): Partial<Target> {
  const user = text(record['user']);
  if (user !== null) return { kind: 'user', id: text(record['user_id']) ?? user, name: user };
  const repo = text(record['repo']) ?? text(record['repository']);
  if (repo !== null) return { kind: 'repository', id: text(record['repo_id']) ?? repo, name: repo };
  const team = text(at(record, 'data.team')) ?? text(record['team']);
  if (team !== null) return { kind: 'team', id: team, name: team };
  const org = text(record['org']);
  if (org !== null) return { kind: 'organization', id: text(record['org_id']) ?? org, name: org };
  const business = text(record['business']);
  if (business !== null) return { kind: 'enterprise', id: text(record['business_id']) ?? business, name: business };
  return {};
}

function geoOf(record: JsonObject): string | null {
  const location = record['actor_location'];
  const parts = [text(at(location, 'city')), text(at(location, 'region')), text(at(location, 'country_code'))].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function dataOf(record: JsonObject): JsonObject {
  const data: JsonObject = {};
  for (const [key, value] of Object.entries(record)) if (!MAPPED_FIELDS.has(key)) data[key] = value;
  return data;
}

function mapGitHub(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);

  const actionValue = record['action'];
  const action = text(actionValue);
  if (action === null) return refuse(actionValue === undefined || actionValue === null ? "field 'action' is missing" : `field 'action' is not a name: ${quote(actionValue)}`);

  const present = TIME_FIELDS.filter((key) => record[key] !== undefined && record[key] !== null && record[key] !== '');
  if (present.length === 0) return refuse("field 'created_at' is missing (nor '@timestamp')");
  const instant = present.map((key) => readInstant(record[key])).find((parsed) => parsed !== null) ?? null;
  if (instant === null) {
    const first = present[0] ?? 'created_at';
    return refuse(`field '${first}' is not a timestamp: ${quote(record[first])}`);
  }

  const outcome = outcomeOf(record, action);
  const actor = actorOf(record);
  const target = targetOf(record);
  const who = actor.name ?? actor.id ?? 'An unidentified actor';
  const on = target.name !== undefined && target.name !== null ? ` on ${target.kind ?? 'target'} ${target.name}` : '';

  return canonicalEvent({
    sourceId: GITHUB_AUDIT_ID,
    eventId: text(record['_document_id']),
    instant,
    action,
    classification: classify(GITHUB_RULES, action, outcome),
    outcome,
    actor,
    target,
    context: {
      ip: text(record['actor_ip']),
      userAgent: text(record['user_agent']),
      requestId: firstText(record, 'request_id', 'request_access_security_header'),
      geo: geoOf(record),
    },
    description: `${who}: ${action}${on}`,
    data: dataOf(record),
    raw,
  });
}

function recogniseGitHub(record: unknown): number {
  if (!isObject(record)) return 0;
  const action = record['action'];
  if (typeof action !== 'string' || !/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/.test(action)) return 0;
  const actor = record['actor'];
  // Other platforms put an object here (Slack, Atlassian); GitHub writes the login.
  if (actor !== undefined && actor !== null && typeof actor !== 'string') return 0;
  const hasActor = typeof actor === 'string';
  const hasTime = TIME_FIELDS.some((key) => record[key] !== undefined && record[key] !== null);
  const characteristic = CHARACTERISTIC_FIELDS.some((key) => record[key] !== undefined);
  const dotted = action.includes('.');
  if (hasActor && hasTime && characteristic) return dotted ? 0.95 : 0.8;
  if (hasActor && hasTime) return dotted ? 0.8 : 0.5;
  if ((hasActor || hasTime) && characteristic) return dotted ? 0.7 : 0.4;
  return dotted && hasActor ? 0.4 : 0.1;
}

export const githubAudit: PlatformMapping = {
  id: GITHUB_AUDIT_ID,
  name: 'GitHub audit log',
  shapes: ['json'],
  recognise: (record) => {
    try {
      return recogniseGitHub(record);
    } catch {
      return 0;
    }
  },
  map: (record, raw) => {
    try {
      return mapGitHub(record, raw);
    } catch (error) {
      return refuse(`record could not be mapped: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};
