/**
 * Slack Audit Logs API (Enterprise Grid), `GET https://api.slack.com/audit/v1/logs` → entries[]:
 *   {id, date_create (epoch seconds), action, actor{type, user{id, name, email, team}},
 *    entity{type, <type>{id, name, ...}}, context{location{type, id, name, domain}, ua, ip_address,
 *    session_id}, details{...}}
 * Slack records actions it carried out and gives no result field (a failure is its own action),
 * so the outcome is `unknown`. Panther fixtures spell `date_create` as zone-less text
 * ("2022-07-28 16:48:14"); such times are read as UTC and flagged (timestamps.ts).
 */
import type { Actor, MappingOutcome } from '../../../../src-shared/event';
import { actorKindFrom, emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify, type ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant, whyNotInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, text, whyNotText, type JsonObject } from '../mapping/values';

const SOURCE_ID = 'slack';

/**
 * Slack's action names (api.slack.com/admins/audit-logs-call, "Actions") by category; the first
 * matching row wins. Severity follows doc 001: WARNING where an auditor reviews the change
 * (privilege grants, weakened security settings, exports of messages, exposure of private
 * content, released legal holds), CRITICAL for a security or integrity risk needing immediate
 * attention (malware detected, customer-managed encryption keys dropped, the organisation
 * deleted); ERROR is kept for failures, which Slack logs as actions of their own.
 */
export const SLACK_CLASSIFICATION: readonly ClassificationRow[] = [
  // SECURITY — detections, sessions forced closed, sign-in policy, encryption keys, DLP, legal hold
  ['anomaly', 'SECURITY', 'WARNING', 'ERROR'],
  ['file_malicious_content_detected', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['file_downloaded_blocked', 'SECURITY', 'WARNING', 'WARNING'],
  ['user_session_invalidated', 'SECURITY', 'WARNING', 'WARNING'],
  ['user_session_reset_by_admin', 'SECURITY', 'WARNING', 'WARNING'],
  ['bulk_session_reset_by_admin', 'SECURITY', 'WARNING', 'WARNING'],
  ['pref.two_factor_auth_changed', 'SECURITY', 'WARNING', 'ERROR'],
  ['pref.sso_setting_changed', 'SECURITY', 'WARNING', 'ERROR'],
  ['pref.session_duration_changed', 'SECURITY', 'WARNING', 'ERROR'],
  ['idp_configuration_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['idp_prod_configuration_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['idp_test_configuration_*', 'SECURITY', 'INFO', 'WARNING'],
  ['ekm_unenrolled', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['ekm_slackbot_*', 'SECURITY', 'INFO', 'WARNING'],
  ['ekm_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['native_dlp_violation_deleted', 'SECURITY', 'WARNING', 'ERROR'],
  ['native_dlp_rule_created', 'SECURITY', 'INFO', 'WARNING'],
  ['native_dlp_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['legal_hold_policy_created', 'SECURITY', 'INFO', 'WARNING'],
  ['legal_hold_policy_released', 'SECURITY', 'WARNING', 'ERROR'],
  ['legal_hold_policy_entities_deleted', 'SECURITY', 'WARNING', 'ERROR'],
  ['legal_hold_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['barrier_created', 'SECURITY', 'INFO', 'WARNING'],
  ['barrier_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['intune_enabled', 'SECURITY', 'INFO', 'WARNING'],
  ['intune_disabled', 'SECURITY', 'WARNING', 'ERROR'],
  ['private_channel_converted_to_public', 'SECURITY', 'WARNING', 'ERROR'],
  // Exports of messages (a standard export, or a corporate export that includes private
  // channels and DMs) take the workspace's content outside Slack.
  ['manual_export_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['scheduled_export_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['corporate_exports_*', 'SECURITY', 'WARNING', 'ERROR'],
  ['manual_user_export_*', 'SECURITY', 'WARNING', 'ERROR'],

  // AUTH
  ['user_login', 'AUTH', 'INFO', 'WARNING'],
  ['user_logout', 'AUTH', 'INFO', 'WARNING'],
  ['user_login_failed', 'AUTH', 'WARNING', 'WARNING'],

  // PERMISSION — role grants, ownership, channel sharing with other organisations
  ['role_change_to_owner', 'PERMISSION', 'WARNING', 'ERROR'],
  ['role_change_to_admin', 'PERMISSION', 'WARNING', 'ERROR'],
  ['role_change_to_*', 'PERMISSION', 'INFO', 'ERROR'],
  ['owner_transferred', 'PERMISSION', 'WARNING', 'ERROR'],
  ['permissions_assigned', 'PERMISSION', 'WARNING', 'ERROR'],
  ['permissions_removed', 'PERMISSION', 'INFO', 'ERROR'],
  ['service_owner_transferred', 'PERMISSION', 'INFO', 'ERROR'],
  ['external_shared_channel_connected', 'PERMISSION', 'WARNING', 'ERROR'],
  ['external_shared_channel_*', 'PERMISSION', 'INFO', 'ERROR'],
  ['user_channel_*', 'PERMISSION', 'INFO', 'ERROR'],
  ['guest_channel_*', 'PERMISSION', 'INFO', 'ERROR'],

  // USER_MGMT
  ['user_created', 'USER_MGMT', 'INFO', 'ERROR'],
  ['user_deactivated', 'USER_MGMT', 'INFO', 'ERROR'],
  ['user_reactivated', 'USER_MGMT', 'INFO', 'ERROR'],
  ['user_email_updated', 'USER_MGMT', 'INFO', 'ERROR'],
  ['guest_*', 'USER_MGMT', 'INFO', 'ERROR'],
  ['custom_tos_accepted', 'USER_MGMT', 'INFO', 'ERROR'],

  // API_ACCESS — apps, bots and their tokens; a scope expansion widens what a token can do
  ['app_scopes_expanded', 'API_ACCESS', 'WARNING', 'ERROR'],
  ['app_*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['bot_token_*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['org_app_*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['workflow_app_token_*', 'API_ACCESS', 'INFO', 'ERROR'],

  // FILE_OPS — doc 001: "file uploads, downloads, sharing, and deletions"
  ['file_public_link_created', 'FILE_OPS', 'WARNING', 'ERROR'],
  ['file_*', 'FILE_OPS', 'INFO', 'ERROR'],

  // COMPLIANCE — retention of messages and files
  [/retention/, 'COMPLIANCE', 'WARNING', 'ERROR'],

  // DATA_MODIFY — channels and messages
  [/_channel_(deleted|archive)$/, 'DATA_MODIFY', 'WARNING', 'ERROR'],
  [/channel/, 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['message_*', 'DATA_MODIFY', 'INFO', 'ERROR'],

  // TENANT_MGMT and SUBSCRIPTION
  ['organization_deleted', 'TENANT_MGMT', 'CRITICAL', 'CRITICAL'],
  ['workspace_deleted', 'TENANT_MGMT', 'WARNING', 'ERROR'],
  ['organization_*', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['workspace_*', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['pref.*', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['emoji_*', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['billing_*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
];

function recognise(record: unknown): number {
  if (!isObject(record) || typeof record['action'] !== 'string') return 0;
  const actor = record['actor'];
  if (!isObject(actor) || typeof actor['type'] !== 'string' || !isObject(actor['user'])) return 0;
  let score = 0.8;
  if (isObject(record['entity']) || isObject(at(record, 'context.location'))) score += 0.15;
  if (record['date_create'] !== undefined) score += 0.05;
  return score;
}

function map(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  const action = text(record['action']);
  if (action === null) return refuse(whyNotText(record, 'action'));
  const instant = readInstant(record['date_create']);
  if (instant === null) return refuse(whyNotInstant(record, 'date_create'));

  const actor = readActor(record);
  const target = readEntity(record);
  const classification = classify(SLACK_CLASSIFICATION, action, 'unknown');
  const details = record['details'];
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['id']),
    instant,
    action,
    classification,
    outcome: 'unknown',
    actor,
    target,
    context: {
      ip: firstText(record, 'context.ip_address'),
      userAgent: firstText(record, 'context.ua'),
      sessionId: firstText(record, 'context.session_id'),
      // An anomaly's details carry where Slack placed the sign-in ("England, GB").
      geo: firstText(record, 'details.location'),
    },
    description: describe(action, actor, target, details),
    data: details ?? null,
    raw,
  });
}

function readActor(record: JsonObject): Actor {
  const kindWord = firstText(record, 'actor.type');
  const who = at(record, 'actor.user');
  if (!isObject(who)) return systemActor('Slack');
  const email = text(who['email']);
  return { kind: actorKindFrom(kindWord), id: text(who['id']), name: text(who['name']) ?? email, email: emailOf(email) };
}

/** `entity{type, <type>{...}}`: the entity's own object sits under its type's name. */
function readEntity(record: JsonObject): { kind: string | null; id: string | null; name: string | null } | undefined {
  const kind = firstText(record, 'entity.type');
  if (kind === null) return undefined;
  const object = at(record, `entity.${kind}`);
  const fields = isObject(object) ? object : {};
  return { kind, id: text(fields['id']), name: text(fields['name']) ?? text(fields['title']) ?? text(fields['domain']) ?? text(fields['email']) };
}

function describe(action: string, actor: Actor, target: { kind: string | null; name: string | null; id: string | null } | undefined, details: unknown): string {
  const who = actor.name ?? actor.email ?? actor.id ?? 'Slack';
  const onWhat = target ? ` (${target.kind ?? 'entity'} ${target.name ?? target.id ?? 'unnamed'})` : '';
  const reasons = at(details, 'reason');
  const why = Array.isArray(reasons) && reasons.length > 0 ? `; reasons: ${reasons.map((r) => text(r) ?? '?').join(', ')}` : '';
  return `${who}: ${action.replace(/[_.]/g, ' ')}${onWhat}${why}`;
}

export const slack: PlatformMapping = {
  id: SOURCE_ID,
  name: 'Slack audit logs',
  shapes: ['json'],
  recognise,
  map,
};
