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
  custom(
    type: string,
    actor: ExportActor | Record<string, unknown>,
    target: ExportTarget | null,
    outcome: ExportOutcome,
    data: unknown,
    context: Record<string, unknown>,
  ): SyntheticRecord;
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

type Draw<T> = (scene: Scene) => T;
type Run = (scene: Scene) => SyntheticRecord;

const from = <T>(pool: readonly T[]): Draw<T> => (scene) => scene.random.pick(pool);
const fixed = <T>(value: T): Draw<T> => () => value;
const none: Draw<null> = () => null;
const personTarget: Draw<ExportTarget> = (scene) => someone(scene).target;

// Scenario shorthands: who acts, on what, how often it fails, and with which detail.
function byPerson(type: string, target: Draw<ExportTarget | null>, failureRate: number, data: Draw<unknown> = none, failure: ExportOutcome = 'failure'): Run {
  return (scene) => scene.byUser(someone(scene), type, target(scene), outcome(scene, failureRate, failure), data(scene));
}

function byAdmin(type: string, target: Draw<ExportTarget | null>, failureRate: number, data: Draw<unknown> = none, failure: ExportOutcome = 'failure'): Run {
  return (scene) => scene.byUser(anAdmin(scene), type, target(scene), outcome(scene, failureRate, failure), data(scene));
}

function byMachine(machine: Draw<Machine>, type: string, target: Draw<ExportTarget | null>, failureRate: number, data: Draw<unknown> = none): Run {
  return (scene) => scene.byMachine(machine(scene), type, target(scene), outcome(scene, failureRate), data(scene));
}

function bySystem(type: string, target: Draw<ExportTarget | null>, failureRate: number, data: Draw<unknown> = none): Run {
  return (scene) => scene.bySystem(type, target(scene), outcome(scene, failureRate), data(scene));
}

/** A person acting within their own session (sign-out, MFA step-up, expiry). */
function onOwnSession(type: Draw<string>, data: Draw<unknown>): Run {
  return (scene) => {
    const person = someone(scene);
    return scene.byUser(person, type(scene), scene.sessionOf(person), 'success', data(scene));
  };
}

function scenario(name: string, weights: PeriodWeights, run: Run): Scenario {
  return { name, weights, run };
}

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
  const data = {
    format: scene.random.pick(['csv', 'ndjson']),
    row_count: scene.random.between(200, 48_000),
    export_job_id: `exp_${scene.random.hex(12)}`,
    filter: { types: 'admin.*', quarter: '2026-Q1' },
  };
  return scene.byUser(anAdmin(scene), 'audit.exported', null, outcome(scene, 0.03), data);
}

function retentionPruned(scene: Scene): SyntheticRecord {
  const cutoff = new Date(scene.now / 1000 - 365 * 86_400_000).toISOString().slice(0, 10);
  return scene.bySystem('system.retention_pruned', RETENTION_JOB, outcome(scene, 0.01), { rows_removed: scene.random.between(0, 25_000), cutoff });
}

function apiRequest(scene: Scene): SyntheticRecord {
  const key = scene.random.pick(API_KEYS);
  const status = scene.random.chance(0.04) ? scene.random.pick([401, 403, 404, 422]) : 200;
  const data = {
    method: scene.random.pick(['GET', 'GET', 'GET', 'POST', 'PATCH']),
    path: scene.random.pick(['/v1/records', '/v1/users', '/v1/files', '/v1/invoices']),
    status,
    duration_ms: scene.random.between(8, 900),
  };
  return scene.byMachine(key, 'api.request', null, status === 200 ? 'success' : status === 403 ? 'denied' : 'failure', data);
}

function aiInvoked(scene: Scene): SyntheticRecord {
  const inputTokens = scene.random.between(40, 6000);
  const data = {
    input_tokens: inputTokens,
    output_tokens: scene.random.between(10, 1500),
    feature: scene.random.pick(['summarise', 'draft-reply', 'classify', 'search']),
  };
  return scene.byUser(someone(scene), 'ai.model_invoked', scene.random.pick(AI_MODELS), outcome(scene, 0.01), data);
}

const size: Draw<unknown> = (s) => ({ size_bytes: s.random.between(2_000, 40_000_000) });
const changedFields: Draw<unknown> = (s) => ({ changed: [s.random.pick(['status', 'amount', 'owner', 'due_date', 'address', 'notes'])] });
const roleChange: Draw<unknown> = (s) => ({ role: s.random.pick(ROLES), previous_role: 'member' });
const seat: Draw<unknown> = (s) => ({ plan: 'business', seats_used: s.random.between(38, 46) });
const invoice: Draw<ExportTarget> = (s) => ({ kind: 'invoice', id: `inv_${s.random.hex(10)}`, label: 'Subscription invoice' });
const report = (labels: readonly string[]): Draw<ExportTarget> => (s) => ({ kind: 'report', id: `rpt_${s.random.hex(10)}`, label: s.random.pick(labels) });
const timeoutChange = fixed({ setting: 'session_timeout_minutes', from: 60, to: 30 });
const bulkCount: Draw<unknown> = (s) => ({ requested: 120, deleted: s.random.between(80, 120) });
const release: Draw<unknown> = (s) => ({ release: `v2026.${s.random.between(1, 26)}` });
const signal: Draw<unknown> = (s) => ({ signal: s.random.pick(['impossible_travel', 'new_device']) });
const backupSize: Draw<unknown> = (s) => ({ bytes: s.random.between(2e9, 4e9) });
const mfaChallenge: Draw<string> = (s) => (s.random.chance(0.1) ? 'mfa.challenge_failed' : 'mfa.challenge_passed');
const domain = fixed<ExportTarget>({ kind: 'domain', id: 'eu.northwind.example', label: 'eu.northwind.example' });

function piiReadUser(scene: Scene): SyntheticRecord {
  const seen = someone(scene);
  return scene.byUser(someone(scene), 'pii.read.user', seen.target, 'success', { page: `/admin/users/${seen.actor.id}` });
}

function piiReadHardware(scene: Scene): SyntheticRecord {
  const hardware = scene.random.pick(HARDWARE);
  return scene.byUser(someone(scene), 'pii.read.hardware', hardware, 'success', { page: `/admin/hardware/${hardware.id}` });
}

// weights: [daytime, weekday morning, night, 03:00 batch]
export const SCENARIOS: readonly Scenario[] = [
  // AUTH
  scenario('sign-in', [9, 30, 1, 0.2], signIn),
  scenario('sign-out', [4, 1, 0.6, 0.1], onOwnSession(fixed('user.signed_out'), none)),
  scenario('mfa challenge', [3, 8, 0.4, 0.1], onOwnSession(mfaChallenge, fixed({ factor: 'totp' }))),
  scenario('session expired', [1.5, 0.5, 2, 1], onOwnSession(fixed('session.expired'), fixed({ idle_minutes: 30 }))),
  scenario('password changed', [0.4, 0.4, 0.05, 0], byPerson('user.password_changed', none, 0.05)),
  scenario('mfa enrolled', [0.2, 0.3, 0, 0], byPerson('mfa.enrolled', none, 0, (s) => ({ factor: s.random.pick(['totp', 'webauthn']) }))),
  // USER_MGMT: people come and go through the SCIM connector or an administrator
  scenario('user created', [0.6, 0.3, 0.1, 0], byMachine(fixed(SCIM_SERVICE), 'user.created', personTarget, 0.02, fixed({ source: 'scim' }))),
  scenario('user updated', [1, 0.5, 0.2, 0], byAdmin('user.updated', personTarget, 0.02, changedFields)),
  scenario('user invited', [0.5, 0.3, 0, 0], byAdmin('user.invited', personTarget, 0.02)),
  scenario('user deactivated', [0.3, 0.1, 0.1, 0], byMachine(fixed(SCIM_SERVICE), 'user.deactivated', personTarget, 0, fixed({ source: 'scim' }))),
  scenario('user deleted', [0.15, 0, 0, 0], byAdmin('user.deleted', personTarget, 0.05)),
  // PERMISSION
  scenario('admin role assigned', [0.3, 0.1, 0, 0], byAdmin('admin.role_assigned', personTarget, 0.05, roleChange)),
  scenario('admin role revoked', [0.2, 0.1, 0, 0], byAdmin('admin.role_revoked', personTarget, 0.02, roleChange)),
  scenario('permission granted', [0.5, 0.2, 0, 0], byAdmin('permission.granted', from(ROLE_TARGETS), 0.02, fixed({ permission: 'records:write' }))),
  scenario('permission denied', [0.6, 0.4, 0.1, 0], byPerson('permission.denied', from(RECORDS), 1, fixed({ required: 'records:delete' }), 'denied')),
  scenario('role updated', [0.2, 0, 0, 0], byAdmin('role.updated', from(ROLE_TARGETS), 0.02)),
  // TENANT_MGMT
  scenario('settings updated', [1, 0.3, 0, 0], byAdmin('tenant.settings_updated', fixed(TENANT_TARGET), 0.02, timeoutChange)),
  scenario('ip allowlist', [0.2, 0, 0, 0], byAdmin('settings.ip_allowlist_changed', fixed(TENANT_TARGET), 0.02, fixed({ added: ['198.51.100.0/24'] }))),
  scenario('sso configured', [0.1, 0, 0, 0], byAdmin('settings.sso_configured', fixed(TENANT_TARGET), 0.05, fixed({ provider: 'okta' }))),
  scenario('domain added', [0.1, 0, 0, 0], byAdmin('tenant.domain_added', domain, 0.02)),
  // SUBSCRIPTION
  scenario('seat assigned', [0.8, 0.5, 0, 0], byAdmin('seat.assigned', personTarget, 0.02, seat)),
  scenario('seat unassigned', [0.3, 0.1, 0, 0], byAdmin('seat.unassigned', personTarget, 0.02, seat)),
  scenario('subscription changed', [0.1, 0, 0, 0], byAdmin('subscription.upgraded', from(PLANS), 0.05)),
  scenario('invoice issued', [0.2, 0, 0.3, 0.5], bySystem('billing.invoice_issued', invoice, 0, fixed({ amount_eur: 4600 }))),
  scenario('payment failed', [0.05, 0, 0.05, 0.1], bySystem('billing.payment_failed', invoice, 1, fixed({ decline_code: 'card_expired' }))),
  // DATA_ACCESS — record views and doc 004's pii-read channel
  scenario('record viewed', [8, 5, 0.5, 0], byPerson('record.viewed', from(RECORDS), 0.005)),
  scenario('pii read user', [3, 2, 0.2, 0], piiReadUser),
  scenario('pii read hardware', [1.5, 1, 0.1, 0], piiReadHardware),
  scenario('record exported', [0.3, 0.1, 0, 0], byPerson('record.exported', from(RECORDS), 0.02, fixed({ format: 'xlsx' }))),
  // DATA_MODIFY
  scenario('record created', [4, 2, 0.3, 0], byPerson('record.created', from(RECORDS), 0.01)),
  scenario('record updated', [6, 3, 0.3, 0], byPerson('record.updated', from(RECORDS), 0.01, changedFields)),
  scenario('record deleted', [1, 0.3, 0.1, 0], byPerson('record.deleted', from(RECORDS), 0.02)),
  scenario('bulk delete', [0.1, 0, 0, 0], byAdmin('record.bulk_deleted', from(RECORDS), 0.3, bulkCount, 'partial')),
  // INFRASTRUCTURE
  scenario('stack updated', [0.8, 0.3, 0.2, 0], byMachine(fixed(DEPLOY_SERVICE), 'stack.updated', from(STACKS), 0.03, release)),
  scenario('stack provisioned', [0.3, 0, 0, 0], byMachine(fixed(DEPLOY_SERVICE), 'stack.provisioned', from(STACKS), 0, fixed({ region: 'eu-west-1' }))),
  scenario('stack provision failed', [0.1, 0, 0, 0], stackProvisionFailed),
  scenario('scaling', [0.5, 0.5, 1, 0.5], bySystem('infra.scaling_event', from(STACKS), 0, (s) => ({ from_nodes: 3, to_nodes: s.random.between(2, 8) }))),
  // SECURITY
  scenario('suspicious sign-in', [0.5, 0.5, 0.3, 0], bySystem('security.suspicious_sign_in', personTarget, 0, signal)),
  scenario('alert triggered', [0.8, 0.3, 0.3, 0.1], bySystem('alert.triggered', from(ALERTS), 0, (s) => ({ channel: s.random.pick(['email', 'slack']) }))),
  scenario('malware', [0.02, 0, 0, 0], malware),
  // COMPLIANCE — exporting the log is itself audited (doc 003)
  scenario('audit viewed', [1, 0.3, 0, 0], byAdmin('audit.viewed', none, 0, fixed({ page: '/admin/audit' }))),
  scenario('audit exported', [0.3, 0.1, 0, 0], auditExported),
  scenario('report generated', [0.3, 0, 0, 0], byAdmin('compliance.report_generated', report(['Q1 2026 SOX Audit', 'GDPR Art. 30 record']), 0.05)),
  scenario('report downloaded', [0.3, 0, 0, 0], byAdmin('report.downloaded', report(['Q1 2026 SOX Audit']), 0)),
  // API_ACCESS
  scenario('api request', [6, 4, 4, 2], apiRequest),
  scenario('rate limited', [0.3, 0.2, 0.2, 0], byMachine(from(API_KEYS), 'api.rate_limited', none, 1, fixed({ limit_per_minute: 600 }))),
  scenario('api key created', [0.1, 0, 0, 0], byAdmin('api_key.created', from(API_KEY_TARGETS), 0.02, fixed({ scopes: ['records:read'] }))),
  scenario('api key revoked', [0.05, 0, 0, 0], byAdmin('api_key.revoked', from(API_KEY_TARGETS), 0.02)),
  // FILE_OPS
  scenario('file uploaded', [3, 1, 0.2, 0], byPerson('file.uploaded', from(FILES), 0.01, size)),
  scenario('file downloaded', [4, 2, 0.3, 0], byPerson('file.downloaded', from(FILES), 0.01, size)),
  scenario('file shared', [1, 0.3, 0, 0], byPerson('file.shared', from(FILES), 0.02, (s) => ({ with: someone(s).actor.email }))),
  scenario('file shared publicly', [0.1, 0, 0, 0], byPerson('file.shared_publicly', from(FILES), 0.02, fixed({ expires_days: 7 }))),
  scenario('file deleted', [0.6, 0.2, 0, 0], byPerson('file.deleted', from(FILES), 0.02)),
  // AI_USAGE
  scenario('ai invoked', [4, 2, 0.2, 0], aiInvoked),
  scenario('ai prompt blocked', [0.2, 0.1, 0, 0], byPerson('ai.prompt_blocked', from(AI_MODELS), 1, fixed({ policy: 'pii-in-prompt' }), 'denied')),
  scenario('ai quota', [0.05, 0, 0, 0], byPerson('ai.token_quota_exceeded', from(AI_MODELS), 1, fixed({ quota_tokens: 2_000_000 }))),
  // SYSTEM — the System actor at night (doc 004)
  scenario('job completed', [0.5, 0.3, 3, 3], bySystem('job.completed', from(JOBS), 0, (s) => ({ duration_ms: s.random.between(200, 600_000) }))),
  scenario('job failed', [0.03, 0, 0.2, 0.2], bySystem('job.failed', from(JOBS), 1, fixed({ error: 'worker lost heartbeat', retry_in_s: 300 }))),
  scenario('retention prune', [0, 0, 0, 4], retentionPruned),
  scenario('backup', [0, 0, 0.3, 4], byMachine(fixed(BACKUP_SERVICE), 'system.backup_completed', fixed(BACKUP_TARGET), 0.02, backupSize)),
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
