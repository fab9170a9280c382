/**
 * Atlassian audit logs, two families:
 *  - Confluence Cloud audit records (`GET /wiki/rest/api/audit` → results[]): {author{type,
 *    displayName, accountId, ...}, remoteAddress, creationDate (epoch ms), summary, description,
 *    category, sysAdmin, superAdmin, affectedObject{name, objectType}, changedValues[],
 *    associatedObjects[]}. They carry NO id: eventId is null and the importer identifies them by
 *    content. Automated changes are authored by "System" with no account id.
 *  - Organization audit events (Admin API `GET /admin/v1/orgs/{orgId}/events`, JSON:API):
 *    {id, attributes{time, action, actor{id, name, email}, context[], container[], location{ip, ...}},
 *    message{content}}.
 * Neither states a result, so the outcome is unknown.
 */
import type { Actor, MappingOutcome } from '../../../../src-shared/event';
import { emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify, type ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant, whyNotInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, text, whyNotText, type JsonObject } from '../mapping/values';

const SOURCE_ID = 'atlassian';

/**
 * Confluence audit summaries (the product's own English event names) by category. The record's
 * `category` ("Users and groups", "Spaces", "Permissions", ...) is the fallback below.
 */
export const CONFLUENCE_CLASSIFICATION: readonly ClassificationRow[] = [
  [/^(Global|Space) permission(s)? (added|granted)/i, 'PERMISSION', 'WARNING', 'ERROR'],
  [/permission/i, 'PERMISSION', 'INFO', 'ERROR'],
  [/^User added to group$/i, 'PERMISSION', 'INFO', 'ERROR'],
  [/^User removed from group$/i, 'PERMISSION', 'INFO', 'ERROR'],
  [/^(Group deleted|User deleted)$/i, 'USER_MGMT', 'WARNING', 'ERROR'],
  [/^(User|Group) /i, 'USER_MGMT', 'INFO', 'ERROR'],
  [/(SAML|single sign-on|SSO|two-step|authentication|security configuration|allowlist|IP allow)/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/^Audit log/i, 'COMPLIANCE', 'WARNING', 'ERROR'],
  [/(retention|exported|export of)/i, 'COMPLIANCE', 'INFO', 'ERROR'],
  [/^Space (deleted|trashed|purged)/i, 'DATA_MODIFY', 'WARNING', 'ERROR'],
  [/^Space /i, 'DATA_MODIFY', 'INFO', 'ERROR'],
  [/^(Page|Blog post) (purged|deleted|trashed)/i, 'DATA_MODIFY', 'WARNING', 'ERROR'],
  [/^(Page|Blog post|Content|Template|Comment) /i, 'DATA_MODIFY', 'INFO', 'ERROR'],
  [/^Attachment /i, 'FILE_OPS', 'INFO', 'ERROR'],
  [/(license|billing)/i, 'SUBSCRIPTION', 'INFO', 'ERROR'],
  [/(API token|app installed|app uninstalled|Connect app|OAuth)/i, 'API_ACCESS', 'INFO', 'ERROR'],
  [/(configuration|settings|theme|look and feel|Global)/i, 'TENANT_MGMT', 'INFO', 'ERROR'],
];

/** Confluence's own audit categories, when no summary row matches. */
export const CONFLUENCE_CATEGORY_FALLBACK: readonly ClassificationRow[] = [
  ['Users and groups', 'USER_MGMT', 'INFO', 'ERROR'],
  ['Permissions', 'PERMISSION', 'INFO', 'ERROR'],
  ['Security', 'SECURITY', 'WARNING', 'ERROR'],
  ['Spaces', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['Page', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['Pages', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['Apps', 'API_ACCESS', 'INFO', 'ERROR'],
  ['Import/export', 'COMPLIANCE', 'INFO', 'ERROR'],
  ['Global configuration and administration', 'TENANT_MGMT', 'INFO', 'ERROR'],
];

/**
 * Organization audit `attributes.action` codes (support.atlassian.com, "Track organization
 * activities from the audit log"). Impersonation and relaxed sign-in policy are flagged.
 */
export const ATLASSIAN_ORG_CLASSIFICATION: readonly ClassificationRow[] = [
  ['user_logged_in_as_user', 'SECURITY', 'WARNING', 'ERROR'],
  [/^user_login/, 'AUTH', 'INFO', 'WARNING'],
  [/^user_logout/, 'AUTH', 'INFO', 'WARNING'],
  [/(two_step|2fa|mfa|authentication_policy|password_policy|idle_session)/, 'SECURITY', 'WARNING', 'ERROR'],
  [/(saml|sso|identity_provider|scim_)/, 'SECURITY', 'WARNING', 'ERROR'],
  [/(ip_allowlist|data_security_policy|mobile_app_policy)/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^audit_log/, 'COMPLIANCE', 'WARNING', 'ERROR'],
  [/(api_key|api_token)/, 'API_ACCESS', 'INFO', 'ERROR'],
  [/(admin|role|product_access|site_access|access_granted|access_revoked)/, 'PERMISSION', 'WARNING', 'ERROR'],
  [/^group_/, 'USER_MGMT', 'INFO', 'ERROR'],
  [/^user_/, 'USER_MGMT', 'INFO', 'ERROR'],
  [/(domain|org_|organization)/, 'TENANT_MGMT', 'INFO', 'ERROR'],
  [/(billing|subscription|plan|license)/, 'SUBSCRIPTION', 'INFO', 'ERROR'],
];

function isConfluence(record: JsonObject): boolean {
  return record['creationDate'] !== undefined && typeof record['summary'] === 'string' && isObject(record['author']);
}

function isOrgEvent(record: JsonObject): boolean {
  const attributes = record['attributes'];
  return isObject(attributes) && typeof attributes['action'] === 'string' && attributes['time'] !== undefined;
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  if (isConfluence(record)) return 0.8 + (record['affectedObject'] !== undefined ? 0.1 : 0) + (record['remoteAddress'] !== undefined ? 0.1 : 0);
  if (isOrgEvent(record)) return 0.85 + (isObject(at(record, 'attributes.actor')) ? 0.1 : 0);
  return 0;
}

function map(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  if (isOrgEvent(record)) return mapOrgEvent(record, raw);
  if (record['summary'] !== undefined || record['creationDate'] !== undefined || record['author'] !== undefined) return mapConfluence(record, raw);
  return refuse("not an Atlassian audit record: neither 'summary' and 'creationDate' (Confluence) nor 'attributes.action' and 'attributes.time' (organization)");
}

function mapConfluence(record: JsonObject, raw: string): MappingOutcome {
  const summary = text(record['summary']);
  if (summary === null) return refuse(whyNotText(record, 'summary'));
  const instant = readInstant(record['creationDate']);
  if (instant === null) return refuse(whyNotInstant(record, 'creationDate'));

  const actor = confluenceAuthor(record['author']);
  const target = { kind: firstText(record, 'affectedObject.objectType'), id: null, name: firstText(record, 'affectedObject.name') };
  const fallback = classify(CONFLUENCE_CATEGORY_FALLBACK, firstText(record, 'category') ?? '', 'unknown');
  const associated = Array.isArray(record['associatedObjects'])
    ? record['associatedObjects'].map((o) => text(at(o, 'name'))).filter((name) => name !== null && name !== target.name)
    : [];
  const onWhat = target.name !== null ? `: ${target.name}` : '';
  const withWhom = associated.length > 0 ? ` (${associated.join(', ')})` : '';
  return canonicalEvent({
    sourceId: SOURCE_ID,
    // Confluence audit records have no id (SOURCE.txt): identity falls to the content hash.
    eventId: null,
    instant,
    action: summary,
    classification: classify(CONFLUENCE_CLASSIFICATION, summary, 'unknown', fallback),
    outcome: 'unknown',
    actor,
    target,
    context: { ip: firstText(record, 'remoteAddress') },
    description: text(record['description']) ?? `${actor.name ?? 'Someone'}: ${summary}${onWhat}${withWhom}`,
    data: {
      category: record['category'] ?? null,
      sysAdmin: record['sysAdmin'] ?? null,
      superAdmin: record['superAdmin'] ?? null,
      changedValues: record['changedValues'] ?? [],
      associatedObjects: record['associatedObjects'] ?? [],
    },
    raw,
  });
}

/** Confluence's "System" author has no account id: the platform's own automation. */
function confluenceAuthor(author: unknown): Actor {
  const accountId = text(at(author, 'accountId'));
  const name = text(at(author, 'displayName'));
  if (accountId === null && (name === null || name === 'System')) return systemActor(name ?? 'System');
  return { kind: 'user', id: accountId, name: name ?? text(at(author, 'publicName')), email: emailOf(text(at(author, 'email'))) };
}

function mapOrgEvent(record: JsonObject, raw: string): MappingOutcome {
  const action = firstText(record, 'attributes.action');
  if (action === null) return refuse(whyNotText(record, 'attributes.action'));
  const instant = readInstant(at(record, 'attributes.time'));
  if (instant === null) return refuse(whyNotInstant(record, 'attributes.time'));

  const actorEmail = firstText(record, 'attributes.actor.email');
  const actorId = firstText(record, 'attributes.actor.id');
  const actor: Actor =
    actorId === null && actorEmail === null
      ? systemActor('Atlassian')
      : { kind: 'user', id: actorId, name: firstText(record, 'attributes.actor.name') ?? actorEmail, email: emailOf(actorEmail) };
  // The first context entry is what the action was about (a user, a group, a policy ...).
  const context = at(record, 'attributes.context');
  const first: unknown = Array.isArray(context) ? context[0] : undefined;
  const target = isObject(first)
    ? { kind: text(first['type']), id: text(first['id']), name: firstText(first, 'attributes.name', 'attributes.email', 'attributes.displayName') }
    : undefined;
  const location = at(record, 'attributes.location');
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['id']),
    instant,
    action,
    classification: classify(ATLASSIAN_ORG_CLASSIFICATION, action, 'unknown'),
    outcome: 'unknown',
    actor,
    target,
    context: {
      ip: text(at(location, 'ip')),
      geo: ['city', 'regionName', 'countryName'].map((key) => text(at(location, key))).filter((p) => p !== null).join(', ') || null,
    },
    description: firstText(record, 'message.content') ?? `${actor.name ?? 'Someone'}: ${action.replace(/_/g, ' ')}`,
    data: { context: context ?? null, container: at(record, 'attributes.container') ?? null, location: location ?? null },
    raw,
  });
}

export const atlassian: PlatformMapping = {
  id: SOURCE_ID,
  name: 'Atlassian audit logs (Confluence Cloud, organization)',
  shapes: ['json'],
  recognise,
  map,
};
