/**
 * How the file-export family's dotted event types (product doc 003: `user.signed_in`,
 * `audit.exported`, ...) are classified into the 14 categories and 4 severities of the
 * event-viewer (product doc 001). This file is data a reviewer can read top to bottom:
 *   1. ACTION_CATALOG — the types we know by name, one row each;
 *   2. PREFIX_RULES  — what an unknown type gets from the longest prefix that matches it;
 *   3. DEFAULT_RULE  — anything else is SYSTEM / INFO.
 * Severity is given twice: for a success, and for a failure/denied outcome, because doc 001
 * defines ERROR as "failed operations" and an auditor wants failures ranked above routine.
 */
import type { Category, Outcome, Severity } from '../../../../src-shared/event';
import { severityRank } from '../../../../src-shared/event';

export interface ActionRule {
  category: Category;
  /** for outcome success or unknown */
  severity: Severity;
  /** for outcome failure or denied; never lower than `severity` (a test checks it) */
  severityOnFailure: Severity;
  /** placeholders: {actor}, {target}, {onTarget} (" on <target>" or nothing), {type} */
  template: string;
}

type CatalogRow = readonly [type: string, category: Category, severity: Severity, onFailure: Severity, template: string];

// Types whose name already says "failed" (user.sign_in_failed, job.failed) carry that
// severity for every outcome: the tenant records them with outcome failure anyway.
const CATALOG_ROWS: readonly CatalogRow[] = [
  // AUTH — "sign-in, sign-out, and authentication failures" (doc 001)
  ['user.signed_in', 'AUTH', 'INFO', 'WARNING', '{actor} signed in'],
  ['user.signed_out', 'AUTH', 'INFO', 'INFO', '{actor} signed out'],
  ['user.sign_in_failed', 'AUTH', 'WARNING', 'WARNING', 'Failed sign-in for {actor}'],
  ['user.password_changed', 'AUTH', 'INFO', 'WARNING', '{actor} changed their password'],
  ['user.password_reset_requested', 'AUTH', 'INFO', 'WARNING', 'Password reset requested for {actor}'],
  ['session.expired', 'AUTH', 'INFO', 'INFO', 'Session {target} of {actor} expired'],
  ['session.revoked', 'AUTH', 'INFO', 'WARNING', '{actor} revoked session {target}'],
  ['mfa.challenge_passed', 'AUTH', 'INFO', 'WARNING', '{actor} passed an MFA challenge'],
  ['mfa.challenge_failed', 'AUTH', 'WARNING', 'WARNING', '{actor} failed an MFA challenge'],
  ['mfa.enrolled', 'AUTH', 'INFO', 'WARNING', '{actor} enrolled an MFA factor'],
  // Turning MFA off for an administrator removes the strongest sign-in control (doc 001,
  // "create alerts for CRITICAL events in AUTH and PERMISSION").
  ['mfa.disabled_for_admin', 'AUTH', 'CRITICAL', 'CRITICAL', '{actor} disabled MFA for administrator {target}'],
  // An administrator switching a user's MFA off weakens sign-in for that account; on is routine.
  ['admin.mfa_disabled', 'AUTH', 'WARNING', 'ERROR', '{actor} disabled MFA for {target}'],
  ['admin.mfa_enabled', 'AUTH', 'INFO', 'WARNING', '{actor} enabled MFA for {target}'],

  // USER_MGMT — "user creation, role changes, activations, deactivations"
  ['user.created', 'USER_MGMT', 'INFO', 'ERROR', '{actor} created user {target}'],
  ['user.invited', 'USER_MGMT', 'INFO', 'ERROR', '{actor} invited {target}'],
  ['user.updated', 'USER_MGMT', 'INFO', 'ERROR', '{actor} updated user {target}'],
  ['user.deactivated', 'USER_MGMT', 'INFO', 'ERROR', '{actor} deactivated user {target}'],
  ['user.reactivated', 'USER_MGMT', 'INFO', 'ERROR', '{actor} reactivated user {target}'],
  ['user.deleted', 'USER_MGMT', 'WARNING', 'ERROR', '{actor} deleted user {target}'],
  // GDPR erasure pseudonymises rather than deletes (doc 004, "Retention and integrity").
  ['user.pseudonymised', 'USER_MGMT', 'INFO', 'ERROR', '{actor} pseudonymised user {target}'],

  // PERMISSION — "role and user permission overrides"; privilege grants are worth a review.
  ['admin.role_assigned', 'PERMISSION', 'WARNING', 'ERROR', '{actor} assigned an administrator role to {target}'],
  ['admin.role_revoked', 'PERMISSION', 'INFO', 'ERROR', '{actor} revoked an administrator role from {target}'],
  ['role.created', 'PERMISSION', 'INFO', 'ERROR', '{actor} created role {target}'],
  ['role.updated', 'PERMISSION', 'INFO', 'ERROR', '{actor} updated role {target}'],
  ['role.deleted', 'PERMISSION', 'WARNING', 'ERROR', '{actor} deleted role {target}'],
  ['permission.granted', 'PERMISSION', 'INFO', 'ERROR', '{actor} granted a permission on {target}'],
  ['permission.revoked', 'PERMISSION', 'INFO', 'ERROR', '{actor} revoked a permission on {target}'],
  ['permission.denied', 'PERMISSION', 'WARNING', 'ERROR', '{actor} was denied access to {target}'],

  // TENANT_MGMT — "tenant configuration and settings changes"
  ['tenant.settings_updated', 'TENANT_MGMT', 'INFO', 'ERROR', '{actor} updated tenant settings'],
  ['tenant.domain_added', 'TENANT_MGMT', 'INFO', 'ERROR', '{actor} added domain {target}'],
  ['tenant.domain_verified', 'TENANT_MGMT', 'INFO', 'ERROR', 'Domain {target} verified'],
  ['settings.sso_configured', 'TENANT_MGMT', 'WARNING', 'ERROR', '{actor} changed the single sign-on configuration'],
  ['settings.ip_allowlist_changed', 'TENANT_MGMT', 'WARNING', 'ERROR', '{actor} changed the IP allowlist'],

  // SUBSCRIPTION — "subscription and seat assignment changes"
  ['subscription.upgraded', 'SUBSCRIPTION', 'INFO', 'ERROR', '{actor} upgraded the subscription to {target}'],
  ['subscription.downgraded', 'SUBSCRIPTION', 'INFO', 'ERROR', '{actor} downgraded the subscription to {target}'],
  ['subscription.cancelled', 'SUBSCRIPTION', 'WARNING', 'ERROR', '{actor} cancelled the subscription'],
  ['seat.assigned', 'SUBSCRIPTION', 'INFO', 'ERROR', '{actor} assigned a seat to {target}'],
  ['seat.unassigned', 'SUBSCRIPTION', 'INFO', 'ERROR', '{actor} removed the seat of {target}'],
  ['billing.invoice_issued', 'SUBSCRIPTION', 'INFO', 'ERROR', 'Invoice {target} issued'],
  ['billing.payment_failed', 'SUBSCRIPTION', 'ERROR', 'ERROR', 'Payment for invoice {target} failed'],

  // DATA_ACCESS — "read access to sensitive data"; pii.read.* is the record-view channel (doc 004)
  ['record.viewed', 'DATA_ACCESS', 'INFO', 'WARNING', '{actor} viewed {target}'],
  ['record.exported', 'DATA_ACCESS', 'WARNING', 'ERROR', '{actor} exported {target}'],
  ['pii.read.user', 'DATA_ACCESS', 'INFO', 'WARNING', '{actor} viewed the personal data of {target}'],
  ['pii.read.hardware', 'DATA_ACCESS', 'INFO', 'WARNING', '{actor} viewed hardware record {target}'],

  // DATA_MODIFY — "create, update, or delete operations on data"
  ['record.created', 'DATA_MODIFY', 'INFO', 'ERROR', '{actor} created {target}'],
  ['record.updated', 'DATA_MODIFY', 'INFO', 'ERROR', '{actor} updated {target}'],
  ['record.deleted', 'DATA_MODIFY', 'INFO', 'ERROR', '{actor} deleted {target}'],
  ['record.bulk_deleted', 'DATA_MODIFY', 'WARNING', 'ERROR', '{actor} bulk-deleted records in {target}'],
  ['record.restored', 'DATA_MODIFY', 'INFO', 'ERROR', '{actor} restored {target}'],

  // INFRASTRUCTURE — "stack provisioning, updates, and failures"
  ['stack.provisioned', 'INFRASTRUCTURE', 'INFO', 'ERROR', '{actor} provisioned stack {target}'],
  ['stack.updated', 'INFRASTRUCTURE', 'INFO', 'ERROR', '{actor} updated stack {target}'],
  ['stack.deleted', 'INFRASTRUCTURE', 'WARNING', 'ERROR', '{actor} deleted stack {target}'],
  ['stack.provision_failed', 'INFRASTRUCTURE', 'ERROR', 'ERROR', 'Provisioning of stack {target} failed'],
  ['infra.scaling_event', 'INFRASTRUCTURE', 'INFO', 'WARNING', 'Stack {target} scaled'],
  ['infra.region_failover', 'INFRASTRUCTURE', 'WARNING', 'ERROR', 'Stack {target} failed over to another region'],

  // SECURITY — "suspicious access patterns"
  ['security.suspicious_sign_in', 'SECURITY', 'WARNING', 'WARNING', 'Suspicious sign-in for {actor}'],
  ['security.ip_blocked', 'SECURITY', 'WARNING', 'ERROR', 'IP address {target} blocked'],
  ['security.brute_force_detected', 'SECURITY', 'CRITICAL', 'CRITICAL', 'Brute-force attack detected against {target}'],
  ['security.malware_detected', 'SECURITY', 'CRITICAL', 'CRITICAL', 'Malware detected in {target}'],
  ['alert.triggered', 'SECURITY', 'WARNING', 'WARNING', 'Alert {target} triggered'],

  // COMPLIANCE — "compliance report generation and related actions"; exporting the audit
  // log is itself audited (doc 003, "audit.exported").
  ['audit.viewed', 'COMPLIANCE', 'INFO', 'WARNING', '{actor} viewed the audit log'],
  ['audit.exported', 'COMPLIANCE', 'INFO', 'WARNING', '{actor} exported the audit log'],
  // Shortening retention destroys evidence (doc 004: a 30-day floor exists for that reason).
  ['audit.log_retention_reduced', 'COMPLIANCE', 'CRITICAL', 'CRITICAL', '{actor} reduced audit-log retention'],
  ['compliance.report_generated', 'COMPLIANCE', 'INFO', 'ERROR', '{actor} generated compliance report {target}'],
  ['compliance.evidence_uploaded', 'COMPLIANCE', 'INFO', 'ERROR', '{actor} uploaded evidence {target}'],
  ['report.downloaded', 'COMPLIANCE', 'INFO', 'WARNING', '{actor} downloaded report {target}'],

  // API_ACCESS — "API key usage and external API calls"
  ['api.request', 'API_ACCESS', 'INFO', 'WARNING', 'API request by {actor}{onTarget}'],
  ['api.rate_limited', 'API_ACCESS', 'WARNING', 'WARNING', '{actor} was rate limited'],
  ['api_key.created', 'API_ACCESS', 'INFO', 'ERROR', '{actor} created API key {target}'],
  ['api_key.revoked', 'API_ACCESS', 'INFO', 'ERROR', '{actor} revoked API key {target}'],
  ['api_key.expired', 'API_ACCESS', 'INFO', 'INFO', 'API key {target} expired'],

  // FILE_OPS — "file uploads, downloads, sharing, and deletions"
  ['file.uploaded', 'FILE_OPS', 'INFO', 'ERROR', '{actor} uploaded {target}'],
  ['file.downloaded', 'FILE_OPS', 'INFO', 'ERROR', '{actor} downloaded {target}'],
  ['file.shared', 'FILE_OPS', 'INFO', 'ERROR', '{actor} shared {target}'],
  ['file.shared_publicly', 'FILE_OPS', 'WARNING', 'ERROR', '{actor} shared {target} by public link'],
  ['file.deleted', 'FILE_OPS', 'INFO', 'ERROR', '{actor} deleted {target}'],

  // AI_USAGE — "AI model invocations and token consumption"
  ['ai.model_invoked', 'AI_USAGE', 'INFO', 'WARNING', '{actor} invoked model {target}'],
  ['ai.prompt_blocked', 'AI_USAGE', 'WARNING', 'WARNING', 'A prompt by {actor} to {target} was blocked'],
  ['ai.token_quota_exceeded', 'AI_USAGE', 'WARNING', 'ERROR', '{actor} exceeded the AI token quota'],

  // SYSTEM — "internal system events and background task results"; the nightly retention
  // prune records itself with the System actor (doc 004).
  ['system.retention_pruned', 'SYSTEM', 'INFO', 'ERROR', 'Nightly retention prune ran'],
  ['system.backup_completed', 'SYSTEM', 'INFO', 'ERROR', 'Backup {target} completed'],
  ['system.maintenance_started', 'SYSTEM', 'INFO', 'WARNING', 'Maintenance window started'],
  ['job.completed', 'SYSTEM', 'INFO', 'ERROR', 'Job {target} completed'],
  ['job.failed', 'SYSTEM', 'ERROR', 'ERROR', 'Job {target} failed'],
];

type PrefixRow = readonly [prefix: string, category: Category, severity: Severity, onFailure: Severity];

// The longest matching prefix wins, so `record.view` beats `record.` and `admin.role` beats
// `admin.`; row order is for the reader. Failed sign-ins and API calls are everyday noise
// (WARNING); any other failed operation is ERROR by doc 001's definition.
const PREFIX_ROWS: readonly PrefixRow[] = [
  ['user.sign', 'AUTH', 'INFO', 'WARNING'],
  ['user.password', 'AUTH', 'INFO', 'WARNING'],
  ['user.mfa', 'AUTH', 'INFO', 'WARNING'],
  ['session.', 'AUTH', 'INFO', 'WARNING'],
  ['mfa.', 'AUTH', 'INFO', 'WARNING'],
  ['sso.', 'AUTH', 'INFO', 'WARNING'],
  ['auth.', 'AUTH', 'INFO', 'WARNING'],
  ['user.', 'USER_MGMT', 'INFO', 'ERROR'],
  ['group.', 'USER_MGMT', 'INFO', 'ERROR'],
  ['admin.user', 'USER_MGMT', 'INFO', 'ERROR'],
  ['admin.role', 'PERMISSION', 'WARNING', 'ERROR'],
  ['role.', 'PERMISSION', 'INFO', 'ERROR'],
  ['permission.', 'PERMISSION', 'INFO', 'ERROR'],
  // Doc 003 points auditors at admin.* for "who made config changes".
  ['admin.', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['tenant.', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['settings.', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['subscription.', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['seat.', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['billing.', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['record.view', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['record.read', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['pii.', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['record.', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['stack.', 'INFRASTRUCTURE', 'INFO', 'ERROR'],
  ['infra.', 'INFRASTRUCTURE', 'INFO', 'ERROR'],
  ['security.', 'SECURITY', 'WARNING', 'ERROR'],
  ['alert.', 'SECURITY', 'WARNING', 'ERROR'],
  ['audit.', 'COMPLIANCE', 'INFO', 'ERROR'],
  ['compliance.', 'COMPLIANCE', 'INFO', 'ERROR'],
  ['report.', 'COMPLIANCE', 'INFO', 'ERROR'],
  ['evidence.', 'COMPLIANCE', 'INFO', 'ERROR'],
  ['api_key.', 'API_ACCESS', 'INFO', 'WARNING'],
  ['api.', 'API_ACCESS', 'INFO', 'WARNING'],
  ['webhook.', 'API_ACCESS', 'INFO', 'WARNING'],
  ['file.', 'FILE_OPS', 'INFO', 'ERROR'],
  ['folder.', 'FILE_OPS', 'INFO', 'ERROR'],
  ['ai.', 'AI_USAGE', 'INFO', 'WARNING'],
  ['system.', 'SYSTEM', 'INFO', 'ERROR'],
  ['job.', 'SYSTEM', 'INFO', 'ERROR'],
];

/** A type we cannot place: an event still, recorded at the lowest severity (doc 001 SYSTEM). */
export const DEFAULT_RULE: ActionRule = {
  category: 'SYSTEM',
  severity: 'INFO',
  severityOnFailure: 'ERROR',
  template: '{type} by {actor}{onTarget}',
};

export const ACTION_CATALOG: ReadonlyMap<string, ActionRule> = new Map(
  CATALOG_ROWS.map(([type, category, severity, severityOnFailure, template]) => [
    type,
    { category, severity, severityOnFailure, template },
  ]),
);

export interface PrefixRule extends ActionRule {
  prefix: string;
}

/** Longest prefix first, so the first match is the most specific. */
export const PREFIX_RULES: readonly PrefixRule[] = PREFIX_ROWS.map(([prefix, category, severity, severityOnFailure]) => ({
  prefix,
  category,
  severity,
  severityOnFailure,
  template: DEFAULT_RULE.template,
})).sort((a, b) => b.prefix.length - a.prefix.length);

/** The rule for an event type: by exact name, then by longest prefix, then the default. */
export function ruleForType(type: string): ActionRule {
  const key = type.trim().toLowerCase();
  const exact = ACTION_CATALOG.get(key);
  if (exact) return exact;
  for (const rule of PREFIX_RULES) {
    if (key.startsWith(rule.prefix)) return rule;
  }
  return DEFAULT_RULE;
}

/**
 * Severity after the outcome: failure and denied take the failure severity; partial is
 * raised to WARNING at most (some of the work happened), and only where failure would raise it.
 */
export function severityForOutcome(rule: ActionRule, outcome: Outcome): Severity {
  if (outcome === 'failure' || outcome === 'denied') return rule.severityOnFailure;
  if (outcome === 'partial' && severityRank(rule.severityOnFailure) > severityRank(rule.severity)) {
    return severityRank(rule.severity) >= severityRank('WARNING') ? rule.severity : 'WARNING';
  }
  return rule.severity;
}

export interface DescriptionParts {
  actor: string;
  target: string | null;
  type: string;
}

const PLACEHOLDER = /\{(actor|target|onTarget|type)\}/;
/**
 * Each template split once into text and placeholders (text at even positions, a placeholder's
 * name at odd ones): every event of a file export is described, and a replace with a callback
 * per event took 1.8 s of the parser's time for 1 M events. Templates come from the catalog
 * alone, so the map stays as small as it is.
 */
const TEMPLATE_PIECES = new Map<string, string[]>();

function placeholderText(key: string, parts: DescriptionParts): string {
  if (key === 'actor') return parts.actor;
  if (key === 'type') return parts.type;
  if (key === 'onTarget') return parts.target === null ? '' : ` on ${parts.target}`;
  return parts.target ?? '—';
}

/** Fills a catalog template; a missing target reads as an em dash, as in doc 004's Subject column. */
export function describeAction(template: string, parts: DescriptionParts): string {
  let pieces = TEMPLATE_PIECES.get(template);
  if (!pieces) {
    pieces = template.split(PLACEHOLDER);
    TEMPLATE_PIECES.set(template, pieces);
  }
  let text = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) text += placeholderText(pieces[i]!, parts) + pieces[i + 1]!;
  return text;
}

// The category → compliance tags table lives in ../mapping/tags.ts (shared by every mapping).
export { TAGS_BY_CATEGORY } from '../mapping/tags';
