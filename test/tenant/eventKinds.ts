/**
 * What happens in the simulated tenant, independent of any API: a weighted table of event
 * kinds, each with its name in every vocabulary the tenant speaks (doc 003 file export,
 * doc 002 CalKeep pull, Okta System Log, GitHub audit log), and the cast that acts. The cast
 * is the demo tenant's (src-main/engine/demo/syntheticCast.ts), so names, addresses and ids
 * look the same as in the demo engagement.
 */
import type { ExportActor, ExportTarget, Geo } from '../../src-main/engine/demo/syntheticCast';
import {
  API_KEY_TARGETS, API_KEYS, BACKUP_SERVICE, DEPLOY_SERVICE, FILES, JOBS, OFFICE_GEO, PEOPLE_CAST, RECORDS, ROLE_TARGETS, SCIM_SERVICE, TENANT_DOMAIN,
  TENANT_TARGET,
} from '../../src-main/engine/demo/syntheticCast';

export type ActorClass = 'person' | 'admin' | 'apiKey' | 'service' | 'system';
export type TargetClass = 'user' | 'session' | 'record' | 'file' | 'apiKey' | 'role' | 'tenant' | 'job' | 'none';
export type Outcome = 'success' | 'failure' | 'denied';

/** One kind of event and its name per API; `[success, failure]` where the name says the outcome. */
export interface EventKind {
  readonly key: string;
  readonly weight: number;
  readonly actor: ActorClass;
  readonly target: TargetClass;
  /** share of events of this kind that did not succeed, and how they did not */
  readonly failureRate: number;
  readonly failure: Exclude<Outcome, 'success'>;
  readonly fileExport: readonly [string, string];
  readonly calkeep: readonly [string, string];
  readonly okta: readonly [eventType: string, displayMessage: string];
  readonly github: readonly [string, string];
}

function kind(
  key: string, weight: number, actor: ActorClass, target: TargetClass, failureRate: number, failure: Exclude<Outcome, 'success'>,
  fileExport: readonly [string, string], calkeep: readonly [string, string], okta: readonly [string, string], github: readonly [string, string],
): EventKind {
  return Object.freeze({ key, weight, actor, target, failureRate, failure, fileExport, calkeep, okta, github });
}

// Weights are relative frequencies: sign-ins and reads dominate, configuration changes are rare.
export const EVENT_KINDS: readonly EventKind[] = [
  kind('sign_in', 200, 'person', 'session', 0.06, 'failure', ['user.signed_in', 'user.sign_in_failed'], ['LOGIN_SUCCEEDED', 'LOGIN_FAILED'], ['user.session.start', 'User login to Okta'], ['org.sso_response', 'org.sso_response']),
  kind('sign_out', 80, 'person', 'session', 0, 'failure', ['user.signed_out', 'user.signed_out'], ['LOGOUT', 'LOGOUT'], ['user.session.end', 'User logout from Okta'], ['oauth_authorization.destroy', 'oauth_authorization.destroy']),
  kind('mfa_challenge', 120, 'person', 'session', 0.04, 'failure', ['mfa.challenge_passed', 'mfa.challenge_failed'], ['MFA_CHALLENGE_COMPLETED', 'MFA_CHALLENGE_FAILED'], ['user.authentication.auth_via_mfa', 'Authentication of user via MFA'], ['org_credential_authorization.grant', 'org_credential_authorization.deauthorized']),
  kind('mfa_enrolled', 6, 'person', 'user', 0, 'failure', ['mfa.enrolled', 'mfa.enrolled'], ['MFA_ENROLLMENT_COMPLETED', 'MFA_ENROLLMENT_FAILED'], ['user.mfa.factor.activate', 'Activate factor or authenticator'], ['two_factor_authentication.enabled', 'two_factor_authentication.enabled']),
  kind('password_changed', 8, 'person', 'user', 0.02, 'failure', ['user.password_changed', 'user.password_changed'], ['PASSWORD_CHANGED', 'PASSWORD_CHANGE_FAILED'], ['user.account.update_password', 'User update password for Okta'], ['public_key.create', 'public_key.create']),
  kind('record_viewed', 220, 'person', 'record', 0, 'failure', ['record.viewed', 'record.viewed'], ['RECORD_VIEWED', 'RECORD_VIEWED'], ['user.authentication.sso', 'User single sign on to app'], ['git.clone', 'git.clone']),
  kind('record_updated', 90, 'person', 'record', 0.01, 'denied', ['record.updated', 'record.updated'], ['RECORD_UPDATED', 'RECORD_UPDATE_DENIED'], ['application.lifecycle.update', 'Update application'], ['git.push', 'protected_branch.rejected_ref_update']),
  kind('record_created', 40, 'person', 'record', 0, 'failure', ['record.created', 'record.created'], ['RECORD_CREATED', 'RECORD_CREATE_FAILED'], ['application.lifecycle.create', 'Create application'], ['repo.create', 'repo.create']),
  kind('record_deleted', 10, 'person', 'record', 0.1, 'denied', ['record.deleted', 'record.deleted'], ['RECORD_DELETED', 'RECORD_DELETE_DENIED'], ['application.lifecycle.delete', 'Delete application'], ['repo.destroy', 'repo.destroy']),
  kind('file_downloaded', 60, 'person', 'file', 0, 'failure', ['file.downloaded', 'file.downloaded'], ['FILE_DOWNLOADED', 'FILE_DOWNLOADED'], ['app.generic.unauth_app_access_attempt', 'Attempt to access app'], ['repo.download_zip', 'repo.download_zip']),
  kind('file_shared', 15, 'person', 'file', 0, 'failure', ['file.shared', 'file.shared'], ['FILE_SHARED', 'FILE_SHARED'], ['application.user_membership.add', 'Add user to application membership'], ['repo.add_member', 'repo.add_member']),
  kind('api_request', 150, 'apiKey', 'record', 0.03, 'failure', ['api.request', 'api.request'], ['API_TOKEN_USED', 'API_TOKEN_REQUEST_FAILED'], ['app.oauth2.as.token.grant.access_token', 'OAuth2 access token is granted'], ['git.fetch', 'git.fetch']),
  kind('api_key_created', 2, 'admin', 'apiKey', 0, 'failure', ['api_key.created', 'api_key.created'], ['API_KEY_CREATED', 'API_KEY_CREATED'], ['system.api_token.create', 'Create API token'], ['personal_access_token.request_created', 'personal_access_token.request_created']),
  kind('api_key_revoked', 1, 'admin', 'apiKey', 0, 'failure', ['api_key.revoked', 'api_key.revoked'], ['API_KEY_REVOKED', 'API_KEY_REVOKED'], ['system.api_token.revoke', 'Revoke API token'], ['personal_access_token.access_revoked', 'personal_access_token.access_revoked']),
  kind('user_invited', 3, 'admin', 'user', 0, 'failure', ['user.invited', 'user.invited'], ['INVITATION_SENT', 'INVITATION_SENT'], ['user.lifecycle.create', 'Create Okta user'], ['org.invite_member', 'org.invite_member']),
  kind('user_deactivated', 1, 'admin', 'user', 0, 'failure', ['user.deactivated', 'user.deactivated'], ['MEMBER_DEACTIVATED', 'MEMBER_DEACTIVATED'], ['user.lifecycle.deactivate', 'Deactivate Okta user'], ['org.remove_member', 'org.remove_member']),
  kind('role_assigned', 2, 'admin', 'user', 0.05, 'denied', ['admin.role_assigned', 'admin.role_assigned'], ['MEMBER_ROLE_CHANGED', 'MEMBER_ROLE_CHANGE_DENIED'], ['user.account.privilege.grant', 'Grant user privilege'], ['org.update_member', 'org.update_member']),
  kind('permission_denied', 12, 'person', 'record', 1, 'denied', ['permission.denied', 'permission.denied'], ['PERMISSION_DENIED', 'PERMISSION_DENIED'], ['policy.evaluate_sign_on', 'Evaluation of sign-on policy'], ['protected_branch.rejected_ref_update', 'protected_branch.rejected_ref_update']),
  kind('settings_changed', 2, 'admin', 'tenant', 0, 'failure', ['tenant.settings_updated', 'tenant.settings_updated'], ['SETTINGS_UPDATED', 'SETTINGS_UPDATED'], ['policy.lifecycle.update', 'Update policy'], ['org.update_default_repository_permission', 'org.update_default_repository_permission']),
  kind('ip_allowlist_changed', 0.5, 'admin', 'tenant', 0, 'failure', ['settings.ip_allowlist_changed', 'settings.ip_allowlist_changed'], ['IP_ALLOWLIST_UPDATED', 'IP_ALLOWLIST_UPDATED'], ['zone.update', 'Update network zone'], ['ip_allow_list_entry.create', 'ip_allow_list_entry.create']),
  kind('sso_configured', 0.3, 'admin', 'tenant', 0, 'failure', ['settings.sso_configured', 'settings.sso_configured'], ['SAML_CONNECTION_UPDATED', 'SAML_CONNECTION_UPDATED'], ['system.idp.lifecycle.update', 'Update identity provider'], ['org.enable_saml', 'org.enable_saml']),
  kind('audit_exported', 0.5, 'admin', 'tenant', 0.03, 'failure', ['audit.exported', 'audit.exported'], ['auth.compliance.audit-export', 'auth.compliance.audit-export'], ['system.log.export', 'System log export'], ['org.audit_log_export', 'org.audit_log_export']),
  kind('provisioning', 20, 'service', 'user', 0.02, 'failure', ['user.updated', 'user.updated'], ['SCIM_USER_UPDATED', 'SCIM_USER_UPDATE_FAILED'], ['application.provision.user.push_profile', 'Push user profile to app'], ['team.add_member', 'team.add_member']),
  kind('job_completed', 10, 'system', 'job', 0.02, 'failure', ['job.completed', 'job.failed'], ['WORKSPACE_JOB_COMPLETED', 'WORKSPACE_JOB_FAILED'], ['system.import.complete', 'Import completed'], ['workflows.completed_workflow_run', 'workflows.completed_workflow_run']),
];

export const KIND_WEIGHTS_TOTAL = EVENT_KINDS.reduce((sum, k) => sum + k.weight, 0);

/** Someone or something that acts, with what each API needs to name it. */
export interface CastActor {
  readonly class: ActorClass;
  /** doc 003's actor object; null for the platform itself (doc 004: the key is left out) */
  readonly export: ExportActor | null;
  readonly oktaId: string;
  readonly oktaType: 'User' | 'PublicClientApp' | 'SystemPrincipal';
  readonly login: string;
  readonly githubId: number;
  readonly officeIp: string | null;
  readonly remoteIp: string | null;
  readonly remoteGeo: Geo;
  readonly userAgent: string | null;
}

/** Okta ids are 20 characters starting with a type prefix (00u users, 0oa apps). */
function oktaId(prefix: string, source: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let hash = 2166136261;
  let out = prefix;
  while (out.length < 20) {
    for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 16777619);
    hash = Math.imul(hash ^ out.length, 16777619);
    out += alphabet[(hash >>> 0) % alphabet.length];
  }
  return out;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const people: CastActor[] = PEOPLE_CAST.map((person, index) => ({
  class: person.admin ? 'admin' : 'person',
  export: person.actor,
  oktaId: oktaId('00u', person.actor.id),
  oktaType: 'User',
  login: (person.actor.email ?? person.actor.id).split('@')[0]!.replace(/\./g, '-'),
  githubId: 1_000_100 + index,
  officeIp: person.officeIp,
  remoteIp: person.remoteIp,
  remoteGeo: person.remoteGeo,
  userAgent: person.userAgent,
}));

const machines: CastActor[] = [...API_KEYS, SCIM_SERVICE, DEPLOY_SERVICE, BACKUP_SERVICE].map((machine, index) => ({
  class: machine.actor.kind === 'api_key' ? 'apiKey' : 'service',
  export: machine.actor,
  oktaId: oktaId('0oa', machine.actor.id),
  oktaType: 'PublicClientApp',
  login: `${slug(machine.actor.label)}[bot]`,
  githubId: 2_000_100 + index,
  officeIp: machine.ip,
  remoteIp: machine.ip,
  remoteGeo: OFFICE_GEO,
  userAgent: machine.userAgent,
}));

const platform: CastActor = {
  class: 'system',
  export: null,
  oktaId: '0oa1systemprincipal0',
  oktaType: 'SystemPrincipal',
  login: 'github',
  githubId: 9919,
  officeIp: null,
  remoteIp: null,
  remoteGeo: OFFICE_GEO,
  userAgent: null,
};

/** Every actor; an event stores an index into this list. */
export const ACTORS: readonly CastActor[] = Object.freeze([...people, ...machines, platform].map((actor) => Object.freeze(actor)));

/** Indexes into ACTORS for each class; admins are people too. */
export const ACTORS_BY_CLASS: Readonly<Record<ActorClass, readonly number[]>> = {
  person: ACTORS.flatMap((a, i) => (a.class === 'person' || a.class === 'admin' ? [i] : [])),
  admin: ACTORS.flatMap((a, i) => (a.class === 'admin' ? [i] : [])),
  apiKey: ACTORS.flatMap((a, i) => (a.class === 'apiKey' ? [i] : [])),
  service: ACTORS.flatMap((a, i) => (a.class === 'service' ? [i] : [])),
  system: ACTORS.flatMap((a, i) => (a.class === 'system' ? [i] : [])),
};

/** A target with its GitHub spelling (a repository per record or file, a login per user). */
export interface CastTarget {
  readonly export: ExportTarget;
  readonly githubRepo: string | null;
  readonly githubUser: string | null;
  readonly githubId: number;
}

const ORG = 'northwind';

function targets(list: readonly ExportTarget[], repo: boolean, base: number): CastTarget[] {
  return list.map((target, index) => ({
    export: target,
    githubRepo: repo ? `${ORG}/${slug(target.label ?? target.id)}` : null,
    githubUser: null,
    githubId: base + index,
  }));
}

export const TARGETS_BY_CLASS: Readonly<Record<Exclude<TargetClass, 'session' | 'none'>, readonly CastTarget[]>> = {
  user: PEOPLE_CAST.map((person, index) => ({ export: person.target, githubRepo: null, githubUser: people[index]!.login, githubId: 1_000_100 + index })),
  record: targets(RECORDS, true, 3_000_000),
  file: targets(FILES, true, 3_100_000),
  apiKey: targets(API_KEY_TARGETS, false, 3_200_000),
  role: targets(ROLE_TARGETS, false, 3_300_000),
  tenant: targets([TENANT_TARGET], false, 3_400_000),
  job: targets(JOBS, false, 3_500_000),
};

export const TENANT = { domain: TENANT_DOMAIN, org: ORG, orgId: 4_200_042, workspaceSlug: ORG } as const;
