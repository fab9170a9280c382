/**
 * An event as an entry of GitHub's organisation audit log (REST `GET /orgs/{org}/audit-log`,
 * shared/datasets/github_audit): `@timestamp` and `created_at` in epoch milliseconds,
 * `_document_id`, `action`, `actor` (a login) and `actor_id`, `org`/`org_id`, and the subject
 * as `repo`, `user` or `team`. `_document_id` carries the tenant's event id, so one event has
 * the same id in every API. GitHub has no outcome field: a refusal is an action of its own
 * (`protected_branch.rejected_ref_update`), a workflow run states its `conclusion`.
 */
import { TENANT } from '../eventKinds';
import type { TenantEvent } from '../population';
import { originOf } from './detail';

const OPERATION: Readonly<Record<string, string>> = {
  record_viewed: 'access', file_downloaded: 'access', api_request: 'access', record_created: 'create', user_invited: 'create',
  api_key_created: 'create', record_deleted: 'remove', user_deactivated: 'remove', api_key_revoked: 'remove',
};

export function githubAction(event: TenantEvent): string {
  return event.kind.github[event.outcome === 'success' ? 0 : 1];
}

export function githubEntry(event: TenantEvent): Record<string, unknown> {
  const origin = originOf(event);
  const entry: Record<string, unknown> = {
    '@timestamp': event.ms,
    _document_id: event.id,
    action: githubAction(event),
    actor: event.actor.login,
    actor_id: event.actor.githubId,
  };
  if (origin.ip !== null) entry['actor_ip'] = origin.ip;
  if (origin.geo !== null) entry['actor_location'] = { country_code: origin.geo.country };
  entry['created_at'] = event.ms;
  entry['operation_type'] = OPERATION[event.kind.key] ?? 'modify';
  entry['org'] = TENANT.org;
  entry['org_id'] = TENANT.orgId;
  const target = event.target;
  if (target?.githubRepo) {
    entry['repo'] = target.githubRepo;
    entry['repo_id'] = target.githubId;
  } else if (target?.githubUser) {
    entry['user'] = target.githubUser;
    entry['user_id'] = target.githubId;
  }
  if (event.kind.key === 'job_completed') {
    entry['conclusion'] = event.outcome === 'success' ? 'success' : 'failure';
    entry['name'] = target?.export.label ?? 'nightly';
  }
  if (origin.userAgent !== null) entry['user_agent'] = origin.userAgent;
  entry['request_id'] = event.requestId;
  return entry;
}
