/**
 * What happens in the synthetic tenant: a weighted table of scenarios, each producing one
 * file-export record (product doc 003 shape) and, for episodes such as a brute-force attack,
 * queueing the records that follow it. Weights are given per period of the day, so mornings
 * are heavy with sign-ins and the 03:00 batch hour belongs to the System actor (doc 004: "the
 * prune runs automatically at 03:00 each day and records its own entry").
 * Every category of doc 001 has weight in the daytime table, and the rare table below holds
 * the CRITICAL events, which the generator schedules at a fixed cadence so that every run of a
 * few thousand events shows them.
 */
import type { SeededRandom } from './seededRandom';
import type { ExportActor, ExportTarget, Machine, Person } from './syntheticCast';
import {
  ADMINS, AI_MODELS, ALERTS, API_KEY_TARGETS, API_KEYS, ATTACKER_GEOS, ATTACKER_USER_AGENTS, BACKUP_SERVICE, BACKUP_TARGET, DEPLOY_SERVICE, FILES,
  HARDWARE, JOBS, PEOPLE_CAST, PLANS, RECORDS, RETENTION_JOB, RETENTION_POLICY, ROLE_TARGETS, ROLES, SCIM_SERVICE, STACKS, TENANT_DOMAIN,
  TENANT_TARGET,
} from './syntheticCast';

export type SyntheticRecord = Record<string, unknown>;
type ExportOutcome = 'success' | 'failure' | 'denied' | 'partial';

/** The generator's side of a scenario: who is around, what time it is, how to write a record. */
export interface Scene {
  readonly random: SeededRandom;
  /** microseconds of the record being made */
  readonly now: number;
  /** true while an episode's queued records are still to come; episodes do not overlap */
  readonly busy: boolean;
  byUser(person: Person, type: string, target: ExportTarget | null, outcome: ExportOutcome, data: unknown): SyntheticRecord;
  byMachine(machine: Machine, type: string, target: ExportTarget | null, outcome: ExportOutcome, data: unknown): SyntheticRecord;
  /** doc 004's System actor: the `actor` key is absent */
  bySystem(type: string, target: ExportTarget | null, outcome: ExportOutcome, data: unknown): SyntheticRecord;
  /** a record with an explicit actor and context (attackers, unknown user names) */
  custom(type: string, actor: ExportActor | Record<string, unknown>, target: ExportTarget | null, outcome: ExportOutcome, data: unknown, context: Record<string, unknown>): SyntheticRecord;
  /** queues a record `afterMicros` after `now`; calls within one episode must not go backwards */
  later(record: SyntheticRecord, afterMicros: number): void;
  /** the person's current session, renewed by a sign-in */
  sessionOf(person: Person, renew?: boolean): ExportTarget;
}

/** Weights for [daytime, weekday morning 07–09, night, 03:00 batch hour] (UTC). */
export type PeriodWeights = readonly [day: number, morning: number, night: number, batch: number];

export interface Scenario {
  readonly name: string;
  readonly weights: PeriodWeights;
  readonly run: (scene: Scene) => SyntheticRecord;
}

const SECOND = 1_000_000;

function someone(scene: Scene): Person {
  return scene.random.pick(PEOPLE_CAST);
}

function anAdmin(scene: Scene): Person {
  return scene.random.pick(ADMINS);
}

function outcome(scene: Scene, failureRate: number, failure: ExportOutcome = 'failure'): ExportOutcome {
  return scene.random.chance(failureRate) ? failure : 'success';
}

/** Scenario shorthand: one person acting on a target drawn from a pool. */
function userOn(type: string, pool: readonly ExportTarget[], failureRate: number, data: (scene: Scene) => unknown = () => null) {
  return (scene: Scene) => scene.byUser(someone(scene), type, scene.random.pick(pool), outcome(scene, failureRate), data(scene));
}

function adminOn(type: string, target: (scene: Scene) => ExportTarget, failureRate: number, data: (scene: Scene) => unknown = () => null) {
  return (scene: Scene) => scene.byUser(anAdmin(scene), type, target(scene), outcome(scene, failureRate), data(scene));
}

const personTarget = (scene: Scene): ExportTarget => someone(scene).target;
const SIGN_IN_METHODS = ['password+totp', 'sso', 'passkey', 'password+webauthn'];

function signIn(scene: Scene): SyntheticRecord {
  const person = someone(scene);
  const session = scene.sessionOf(person, true);
  const method = scene.random.pick(SIGN_IN_METHODS);
  if (scene.busy || !scene.random.chance(0.05)) return scene.byUser(person, 'user.signed_in', session, 'success', { method });
  // A mistyped password or two, then success: the everyday shape of failed sign-ins.
  const misses = scene.random.between(1, 2);
  let after = 0;
  for (let i = 1; i < misses; i++) {
    after += scene.random.between(4, 30) * SECOND;
    scene.later(scene.byUser(person, 'user.sign_in_failed', null, 'failure', { reason: 'invalid_password', attempt: i + 1 }), after);
  }
  after += scene.random.between(4, 40) * SECOND;
  scene.later(scene.byUser(person, 'user.signed_in', session, 'success', { method }), after);
  return scene.byUser(person, 'user.sign_in_failed', null, 'failure', { reason: 'invalid_password', attempt: 1 });
}

/** Many failed sign-ins from one address, then the platform notices and blocks it. */
function bruteForce(scene: Scene): SyntheticRecord {
  if (scene.busy) return malware(scene);
  const { random } = scene;
  const victim = random.chance(0.5) ? anAdmin(scene) : someone(scene);
  const ip = `203.0.113.${random.between(2, 254)}`;
  const context = { ip, user_agent: random.pick(ATTACKER_USER_AGENTS), request_id: '', geolocation: random.pick(ATTACKER_GEOS) };
  const attempts = random.between(15, 40);
  const guessed = { kind: 'user', id: null, label: null, email: `admin@${TENANT_DOMAIN}` };
  const attempt = (i: number): SyntheticRecord =>
    scene.custom('user.sign_in_failed', random.chance(0.8) ? victim.actor : guessed, null, 'failure',
      { reason: random.chance(0.9) ? 'invalid_password' : 'unknown_user', attempt: i }, { ...context, request_id: `req_${random.hex(16)}` });
  let after = 0;
  for (let i = 2; i <= attempts; i++) {
    after += random.between(1, 12) * SECOND + random.int(SECOND);
    scene.later(attempt(i), after);
  }
  const detected = { source_ip: ip, attempts, window_seconds: Math.ceil(after / SECOND) };
  scene.later(scene.bySystem('security.brute_force_detected', victim.target, 'success', detected), after + 2 * SECOND);
  scene.later(scene.bySystem('security.ip_blocked', { kind: 'ip_address', id: ip, label: ip }, 'success', { duration_hours: 24 }), after + 3 * SECOND);
  return attempt(1);
}

function malware(scene: Scene): SyntheticRecord {
  const data = { engine: 'ClamAV 1.4', signature: `Win.Trojan.Agent-${scene.random.between(100000, 999999)}`, quarantined: true };
  return scene.bySystem('security.malware_detected', scene.random.pick(FILES), 'success', data);
}

function mfaDisabledForAdmin(scene: Scene): SyntheticRecord {
  return scene.byUser(anAdmin(scene), 'mfa.disabled_for_admin', anAdmin(scene).target, 'success', { factor: 'totp', reason: 'lost device' });
}

function retentionReduced(scene: Scene): SyntheticRecord {
  return scene.byUser(anAdmin(scene), 'audit.log_retention_reduced', RETENTION_POLICY, 'success', { from_days: 365, to_days: scene.random.pick([30, 60, 90]) });
}

function stackProvisionFailed(scene: Scene): SyntheticRecord {
  const data = { region: 'eu-west-1', error: scene.random.pick(['QuotaExceeded: vCPU limit', 'Timeout waiting for load balancer', 'IAM role not assumable']) };
  return scene.byMachine(DEPLOY_SERVICE, 'stack.provision_failed', scene.random.pick(STACKS), 'failure', data);
}

function auditExported(scene: Scene): SyntheticRecord {
  const data = { format: scene.random.pick(['csv', 'ndjson']), row_count: scene.random.between(200, 48_000), export_job_id: `exp_${scene.random.hex(12)}`, filter: { types: 'admin.*', quarter: '2026-Q1' } };
  return scene.byUser(anAdmin(scene), 'audit.exported', null, outcome(scene, 0.03), data);
}

function retentionPruned(scene: Scene): SyntheticRecord {
  const cutoff = new Date(scene.now / 1000 - 365 * 86_400_000).toISOString().slice(0, 10);
  return scene.bySystem('system.retention_pruned', RETENTION_JOB, outcome(scene, 0.01), { rows_removed: scene.random.between(0, 25_000), cutoff });
}

function apiRequest(scene: Scene): SyntheticRecord {
  const key = scene.random.pick(API_KEYS);
  const status = scene.random.chance(0.04) ? scene.random.pick([401, 403, 404, 422]) : 200;
  const data = { method: scene.random.pick(['GET', 'GET', 'GET', 'POST', 'PATCH']), path: scene.random.pick(['/v1/records', '/v1/users', '/v1/files', '/v1/invoices']), status, duration_ms: scene.random.between(8, 900) };
  return scene.byMachine(key, 'api.request', null, status === 200 ? 'success' : status === 403 ? 'denied' : 'failure', data);
}

function aiInvoked(scene: Scene): SyntheticRecord {
  const inputTokens = scene.random.between(40, 6000);
  const data = { input_tokens: inputTokens, output_tokens: scene.random.between(10, 1500), feature: scene.random.pick(['summarise', 'draft-reply', 'classify', 'search']) };
  return scene.byUser(someone(scene), 'ai.model_invoked', scene.random.pick(AI_MODELS), outcome(scene, 0.01), data);
}

const size = (scene: Scene): unknown => ({ size_bytes: scene.random.between(2_000, 40_000_000) });
const changedFields = (scene: Scene): unknown => ({ changed: [scene.random.pick(['status', 'amount', 'owner', 'due_date', 'address', 'notes'])] });
const roleChange = (scene: Scene): unknown => ({ role: scene.random.pick(ROLES), previous_role: 'member' });
const seat = (scene: Scene): unknown => ({ plan: 'business', seats_used: scene.random.between(38, 46) });

export const SCENARIOS: readonly Scenario[] = [
  // AUTH
  { name: 'sign-in', weights: [9, 30, 1, 0.2], run: signIn },
  { name: 'sign-out', weights: [4, 1, 0.6, 0.1], run: (s) => { const p = someone(s); return s.byUser(p, 'user.signed_out', s.sessionOf(p), 'success', null); } },
  { name: 'mfa challenge', weights: [3, 8, 0.4, 0.1], run: (s) => { const p = someone(s); return s.byUser(p, s.random.chance(0.1) ? 'mfa.challenge_failed' : 'mfa.challenge_passed', s.sessionOf(p), 'success', { factor: 'totp' }); } },
  { name: 'session expired', weights: [1.5, 0.5, 2, 1], run: (s) => { const p = someone(s); return s.byUser(p, 'session.expired', s.sessionOf(p), 'success', { idle_minutes: 30 }); } },
  { name: 'password changed', weights: [0.4, 0.4, 0.05, 0], run: (s) => s.byUser(someone(s), 'user.password_changed', null, outcome(s, 0.05), null) },
  { name: 'mfa enrolled', weights: [0.2, 0.3, 0, 0], run: (s) => s.byUser(someone(s), 'mfa.enrolled', null, 'success', { factor: s.random.pick(['totp', 'webauthn']) }) },
  // USER_MGMT: people come and go through the SCIM connector or an administrator
  { name: 'user created', weights: [0.6, 0.3, 0.1, 0], run: (s) => s.byMachine(SCIM_SERVICE, 'user.created', personTarget(s), outcome(s, 0.02), { source: 'scim' }) },
  { name: 'user updated', weights: [1, 0.5, 0.2, 0], run: adminOn('user.updated', personTarget, 0.02, changedFields) },
  { name: 'user invited', weights: [0.5, 0.3, 0, 0], run: adminOn('user.invited', personTarget, 0.02) },
  { name: 'user deactivated', weights: [0.3, 0.1, 0.1, 0], run: (s) => s.byMachine(SCIM_SERVICE, 'user.deactivated', personTarget(s), 'success', { source: 'scim' }) },
  { name: 'user deleted', weights: [0.15, 0, 0, 0], run: adminOn('user.deleted', personTarget, 0.05) },
  // PERMISSION
  { name: 'admin role assigned', weights: [0.3, 0.1, 0, 0], run: adminOn('admin.role_assigned', personTarget, 0.05, roleChange) },
  { name: 'admin role revoked', weights: [0.2, 0.1, 0, 0], run: adminOn('admin.role_revoked', personTarget, 0.02, roleChange) },
  { name: 'permission granted', weights: [0.5, 0.2, 0, 0], run: adminOn('permission.granted', (s) => s.random.pick(ROLE_TARGETS), 0.02, () => ({ permission: 'records:write' })) },
  { name: 'permission denied', weights: [0.6, 0.4, 0.1, 0], run: (s) => s.byUser(someone(s), 'permission.denied', s.random.pick(RECORDS), 'denied', { required: 'records:delete' }) },
  { name: 'role updated', weights: [0.2, 0, 0, 0], run: adminOn('role.updated', (s) => s.random.pick(ROLE_TARGETS), 0.02) },
  // TENANT_MGMT
  { name: 'settings updated', weights: [1, 0.3, 0, 0], run: adminOn('tenant.settings_updated', () => TENANT_TARGET, 0.02, () => ({ setting: 'session_timeout_minutes', from: 60, to: 30 })) },
  { name: 'ip allowlist', weights: [0.2, 0, 0, 0], run: adminOn('settings.ip_allowlist_changed', () => TENANT_TARGET, 0.02, () => ({ added: ['198.51.100.0/24'] })) },
  { name: 'sso configured', weights: [0.1, 0, 0, 0], run: adminOn('settings.sso_configured', () => TENANT_TARGET, 0.05, () => ({ provider: 'okta' })) },
  { name: 'domain added', weights: [0.1, 0, 0, 0], run: adminOn('tenant.domain_added', () => ({ kind: 'domain', id: 'eu.northwind.example', label: 'eu.northwind.example' }), 0.02) },
  // SUBSCRIPTION
  { name: 'seat assigned', weights: [0.8, 0.5, 0, 0], run: adminOn('seat.assigned', personTarget, 0.02, seat) },
  { name: 'seat unassigned', weights: [0.3, 0.1, 0, 0], run: adminOn('seat.unassigned', personTarget, 0.02, seat) },
  { name: 'subscription changed', weights: [0.1, 0, 0, 0], run: adminOn('subscription.upgraded', (s) => s.random.pick(PLANS), 0.05) },
  { name: 'invoice issued', weights: [0.2, 0, 0.3, 0.5], run: (s) => s.bySystem('billing.invoice_issued', { kind: 'invoice', id: `inv_${s.random.hex(10)}`, label: 'Subscription invoice' }, 'success', { amount_eur: 4600 }) },
  { name: 'payment failed', weights: [0.05, 0, 0.05, 0.1], run: (s) => s.bySystem('billing.payment_failed', { kind: 'invoice', id: `inv_${s.random.hex(10)}`, label: 'Subscription invoice' }, 'failure', { decline_code: 'card_expired' }) },
  // DATA_ACCESS — record views and doc 004's pii-read channel
  { name: 'record viewed', weights: [8, 5, 0.5, 0], run: userOn('record.viewed', RECORDS, 0.005) },
  { name: 'pii read user', weights: [3, 2, 0.2, 0], run: (s) => { const seen = someone(s); return s.byUser(someone(s), 'pii.read.user', seen.target, 'success', { page: `/admin/users/${seen.actor.id}` }); } },
  { name: 'pii read hardware', weights: [1.5, 1, 0.1, 0], run: (s) => { const hw = s.random.pick(HARDWARE); return s.byUser(someone(s), 'pii.read.hardware', hw, 'success', { page: `/admin/hardware/${hw.id}` }); } },
  { name: 'record exported', weights: [0.3, 0.1, 0, 0], run: userOn('record.exported', RECORDS, 0.02, () => ({ format: 'xlsx' })) },
  // DATA_MODIFY
  { name: 'record created', weights: [4, 2, 0.3, 0], run: userOn('record.created', RECORDS, 0.01) },
  { name: 'record updated', weights: [6, 3, 0.3, 0], run: userOn('record.updated', RECORDS, 0.01, changedFields) },
  { name: 'record deleted', weights: [1, 0.3, 0.1, 0], run: userOn('record.deleted', RECORDS, 0.02) },
  { name: 'bulk delete', weights: [0.1, 0, 0, 0], run: (s) => s.byUser(anAdmin(s), 'record.bulk_deleted', s.random.pick(RECORDS), outcome(s, 0.3, 'partial'), { requested: 120, deleted: s.random.between(80, 120) }) },
  // INFRASTRUCTURE
  { name: 'stack updated', weights: [0.8, 0.3, 0.2, 0], run: (s) => s.byMachine(DEPLOY_SERVICE, 'stack.updated', s.random.pick(STACKS), outcome(s, 0.03), { release: `v2026.${s.random.between(1, 26)}.${s.random.between(0, 9)}` }) },
  { name: 'stack provisioned', weights: [0.3, 0, 0, 0], run: (s) => s.byMachine(DEPLOY_SERVICE, 'stack.provisioned', s.random.pick(STACKS), 'success', { region: 'eu-west-1' }) },
  { name: 'stack provision failed', weights: [0.1, 0, 0, 0], run: stackProvisionFailed },
  { name: 'scaling', weights: [0.5, 0.5, 1, 0.5], run: (s) => s.bySystem('infra.scaling_event', s.random.pick(STACKS), 'success', { from_nodes: 3, to_nodes: s.random.between(2, 8) }) },
  // SECURITY
  { name: 'suspicious sign-in', weights: [0.5, 0.5, 0.3, 0], run: (s) => s.bySystem('security.suspicious_sign_in', personTarget(s), 'success', { signal: s.random.pick(['impossible_travel', 'new_device', 'tor_exit_node']) }) },
  { name: 'alert triggered', weights: [0.8, 0.3, 0.3, 0.1], run: (s) => s.bySystem('alert.triggered', s.random.pick(ALERTS), 'success', { channel: s.random.pick(['email', 'slack']) }) },
  { name: 'malware', weights: [0.02, 0, 0, 0], run: malware },
  // COMPLIANCE — exporting the log is itself audited (doc 003)
  { name: 'audit viewed', weights: [1, 0.3, 0, 0], run: (s) => s.byUser(anAdmin(s), 'audit.viewed', null, 'success', { page: '/admin/audit' }) },
  { name: 'audit exported', weights: [0.3, 0.1, 0, 0], run: auditExported },
  { name: 'report generated', weights: [0.3, 0, 0, 0], run: adminOn('compliance.report_generated', (s) => ({ kind: 'report', id: `rpt_${s.random.hex(10)}`, label: s.random.pick(['Q1 2026 SOX Audit', 'GDPR Art. 30 record', 'ISO 27001 A.8.15']) }), 0.05) },
  { name: 'report downloaded', weights: [0.3, 0, 0, 0], run: adminOn('report.downloaded', (s) => ({ kind: 'report', id: `rpt_${s.random.hex(10)}`, label: 'Q1 2026 SOX Audit' }), 0) },
  // API_ACCESS
  { name: 'api request', weights: [6, 4, 4, 2], run: apiRequest },
  { name: 'rate limited', weights: [0.3, 0.2, 0.2, 0], run: (s) => s.byMachine(s.random.pick(API_KEYS), 'api.rate_limited', null, 'failure', { limit_per_minute: 600 }) },
  { name: 'api key created', weights: [0.1, 0, 0, 0], run: adminOn('api_key.created', (s) => s.random.pick(API_KEY_TARGETS), 0.02, () => ({ scopes: ['records:read'] })) },
  { name: 'api key revoked', weights: [0.05, 0, 0, 0], run: adminOn('api_key.revoked', (s) => s.random.pick(API_KEY_TARGETS), 0.02) },
  // FILE_OPS
  { name: 'file uploaded', weights: [3, 1, 0.2, 0], run: userOn('file.uploaded', FILES, 0.01, size) },
  { name: 'file downloaded', weights: [4, 2, 0.3, 0], run: userOn('file.downloaded', FILES, 0.01, size) },
  { name: 'file shared', weights: [1, 0.3, 0, 0], run: userOn('file.shared', FILES, 0.02, (s) => ({ with: someone(s).actor.email })) },
  { name: 'file shared publicly', weights: [0.1, 0, 0, 0], run: userOn('file.shared_publicly', FILES, 0.02, () => ({ expires_days: 7 })) },
  { name: 'file deleted', weights: [0.6, 0.2, 0, 0], run: userOn('file.deleted', FILES, 0.02) },
  // AI_USAGE
  { name: 'ai invoked', weights: [4, 2, 0.2, 0], run: aiInvoked },
  { name: 'ai prompt blocked', weights: [0.2, 0.1, 0, 0], run: (s) => s.byUser(someone(s), 'ai.prompt_blocked', s.random.pick(AI_MODELS), 'denied', { policy: 'pii-in-prompt' }) },
  { name: 'ai quota', weights: [0.05, 0, 0, 0], run: (s) => s.byUser(someone(s), 'ai.token_quota_exceeded', s.random.pick(AI_MODELS), 'failure', { quota_tokens: 2_000_000 }) },
  // SYSTEM — the System actor at night (doc 004)
  { name: 'job completed', weights: [0.5, 0.3, 3, 3], run: (s) => s.bySystem('job.completed', s.random.pick(JOBS), 'success', { duration_ms: s.random.between(200, 600_000) }) },
  { name: 'job failed', weights: [0.03, 0, 0.2, 0.2], run: (s) => s.bySystem('job.failed', s.random.pick(JOBS), 'failure', { error: 'worker lost heartbeat', retry_in_s: 300 }) },
  { name: 'retention prune', weights: [0, 0, 0, 4], run: retentionPruned },
  { name: 'backup', weights: [0, 0, 0.3, 4], run: (s) => s.byMachine(BACKUP_SERVICE, 'system.backup_completed', BACKUP_TARGET, outcome(s, 0.02), { bytes: s.random.between(2e9, 4e9) }) },
];

/**
 * The serious events, played in rotation at a fixed cadence rather than by chance, so any
 * run long enough to explore also shows an attack, a control switched off and an evidence risk.
 */
export const RARE_SCENARIOS: readonly ((scene: Scene) => SyntheticRecord)[] = [
  mfaDisabledForAdmin,
  bruteForce,
  retentionReduced,
  malware,
  bruteForce,
  stackProvisionFailed,
];
