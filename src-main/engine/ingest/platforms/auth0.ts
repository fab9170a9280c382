/**
 * Auth0 tenant logs: one element of `GET /api/v2/logs`, or the same object wrapped by a Log
 * Stream as `{log_id, data: {...}}` (Panther fixtures keep that envelope):
 *   {log_id | _id, date, type (short code), description, user_id, user_name, client_id,
 *    client_name, connection, ip, user_agent, hostname, location_info{...},
 *    details{request{method, path, auth{user{...}}}, response{statusCode}, session_id, ...}}
 * The outcome is encoded in the type code (auth0.com/docs, "Log Event Type Codes": `s` success
 * login, `f*` failures, ...); a Management API call (`sapi`/`fapi`) is classified by the
 * endpoint it touched, because one code covers every administrative change.
 */
import type { Actor, Category, MappingOutcome, Outcome, Severity } from '../../../../src-shared/event';
import { emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify, type ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant, whyNotInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, text, whyNotText, type JsonObject } from '../mapping/values';

const SOURCE_ID = 'auth0';

/** [code, outcome the code states, category, severity, Auth0's name for it] */
type TypeCodeRow = readonly [code: string, outcome: Outcome, category: Category, severity: Severity, meaning: string];

/** Auth0's documented log type codes. Severity already reflects the outcome the code states. */
export const AUTH0_TYPE_CODES: readonly TypeCodeRow[] = [
  // AUTH — sign-in, sign-out, passwords, MFA (Guardian)
  ['s', 'success', 'AUTH', 'INFO', 'Success Login'],
  ['f', 'failure', 'AUTH', 'WARNING', 'Failed Login'],
  ['fp', 'failure', 'AUTH', 'WARNING', 'Failed Login (Incorrect Password)'],
  ['fu', 'failure', 'AUTH', 'WARNING', 'Failed Login (Invalid Email/Username)'],
  ['fc', 'failure', 'AUTH', 'WARNING', 'Failed by Connector'],
  ['fco', 'failure', 'AUTH', 'WARNING', 'Failed by CORS'],
  ['scoa', 'success', 'AUTH', 'INFO', 'Success Cross Origin Authentication'],
  ['fcoa', 'failure', 'AUTH', 'WARNING', 'Failed Cross Origin Authentication'],
  ['ssa', 'success', 'AUTH', 'INFO', 'Success Silent Auth'],
  ['fsa', 'failure', 'AUTH', 'INFO', 'Failed Silent Auth'],
  ['slo', 'success', 'AUTH', 'INFO', 'Success Logout'],
  ['flo', 'failure', 'AUTH', 'WARNING', 'Failed Logout'],
  ['w', 'unknown', 'AUTH', 'WARNING', 'Warnings During Login'],
  ['mfar', 'unknown', 'AUTH', 'INFO', 'MFA Required'],
  ['cls', 'success', 'AUTH', 'INFO', 'Code/Link Sent (passwordless)'],
  ['cs', 'success', 'AUTH', 'INFO', 'Code Sent (passwordless)'],
  ['scp', 'success', 'AUTH', 'INFO', 'Success Change Password'],
  ['fcp', 'failure', 'AUTH', 'WARNING', 'Failed Change Password'],
  ['scpr', 'success', 'AUTH', 'INFO', 'Success Change Password Request'],
  ['fcpr', 'failure', 'AUTH', 'WARNING', 'Failed Change Password Request'],
  ['seacft', 'success', 'AUTH', 'INFO', 'Success Exchange (Authorization Code for Access Token)'],
  ['feacft', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Authorization Code for Access Token)'],
  ['sepft', 'success', 'AUTH', 'INFO', 'Success Exchange (Password for Access Token)'],
  ['fepft', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Password for Access Token)'],
  ['seotpft', 'success', 'AUTH', 'INFO', 'Success Exchange (Password and OTP for Access Token)'],
  ['feotpft', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Password and OTP for Access Token)'],
  ['seoobft', 'success', 'AUTH', 'INFO', 'Success Exchange (Password and OOB for Access Token)'],
  ['feoobft', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Password and OOB for Access Token)'],
  ['sercft', 'success', 'AUTH', 'WARNING', 'Success Exchange (MFA Recovery Code for Access Token)'],
  ['fercft', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (MFA Recovery Code for Access Token)'],
  ['sepotpft', 'success', 'AUTH', 'INFO', 'Success Exchange (Passwordless OTP for Access Token)'],
  ['fepotpft', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Passwordless OTP for Access Token)'],
  ['sede', 'success', 'AUTH', 'INFO', 'Success Exchange (Device Code for Access Token)'],
  ['fede', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Device Code for Access Token)'],
  ['sens', 'success', 'AUTH', 'INFO', 'Success Exchange (Native Social Login)'],
  ['fens', 'failure', 'AUTH', 'WARNING', 'Failed Exchange (Native Social Login)'],
  ['fdeac', 'failure', 'AUTH', 'WARNING', 'Failed Device Activation'],
  ['fdeaz', 'failure', 'AUTH', 'WARNING', 'Failed Device Authorization Request'],
  ['fdecc', 'denied', 'AUTH', 'INFO', 'User Canceled Device Confirmation'],
  ['gd_auth_succeed', 'success', 'AUTH', 'INFO', 'MFA Auth Success'],
  ['gd_auth_failed', 'failure', 'AUTH', 'WARNING', 'MFA Auth Failed'],
  ['gd_auth_rejected', 'denied', 'AUTH', 'WARNING', 'MFA Auth Rejected'],
  ['gd_start_auth', 'unknown', 'AUTH', 'INFO', 'Second Factor Started'],
  ['gd_start_enroll', 'unknown', 'AUTH', 'INFO', 'Multi-factor Enrollment Started'],
  ['gd_start_enroll_failed', 'failure', 'AUTH', 'WARNING', 'Multi-factor Enrollment Failed'],
  ['gd_enrollment_complete', 'success', 'AUTH', 'INFO', 'Guardian Enrollment Complete'],
  ['gd_update_device_account', 'success', 'AUTH', 'INFO', 'Update Device Account'],
  ['gd_recovery_succeed', 'success', 'AUTH', 'WARNING', 'MFA Recovery Success'],
  ['gd_recovery_failed', 'failure', 'AUTH', 'WARNING', 'MFA Recovery Failed'],
  ['gd_webauthn_challenge_failed', 'failure', 'AUTH', 'WARNING', 'WebAuthn Challenge Failed'],
  ['gd_webauthn_enrollment_failed', 'failure', 'AUTH', 'WARNING', 'WebAuthn Enrollment Failed'],
  ['gd_send_pn', 'success', 'AUTH', 'INFO', 'MFA Push Notification Sent'],
  ['gd_send_sms', 'success', 'AUTH', 'INFO', 'MFA SMS Sent'],
  ['gd_send_voice', 'success', 'AUTH', 'INFO', 'MFA Voice Call Made'],
  ['gd_send_email', 'success', 'AUTH', 'INFO', 'MFA Email Sent'],
  ['gd_send_pn_failure', 'failure', 'AUTH', 'WARNING', 'MFA Push Notification Failed'],
  ['gd_send_sms_failure', 'failure', 'AUTH', 'WARNING', 'MFA SMS Failed'],
  ['gd_send_voice_failure', 'failure', 'AUTH', 'WARNING', 'MFA Voice Call Failed'],

  // SECURITY — attack protection, MFA removed or reconfigured, token replay
  ['limit_wc', 'denied', 'SECURITY', 'WARNING', 'Blocked Account (brute-force protection)'],
  ['limit_sul', 'denied', 'SECURITY', 'WARNING', 'Blocked User (too many logins per user)'],
  ['limit_mu', 'denied', 'SECURITY', 'ERROR', 'Blocked IP Address (attempts on many users)'],
  ['limit_delegation', 'denied', 'SECURITY', 'WARNING', 'Too Many Calls to /delegation'],
  ['ublkdu', 'success', 'SECURITY', 'INFO', 'User Login Block Released'],
  ['pwd_leak', 'denied', 'SECURITY', 'WARNING', 'Breached Password'],
  ['signup_pwd_leak', 'denied', 'SECURITY', 'WARNING', 'Breached Password on Signup'],
  ['reset_pwd_leak', 'denied', 'SECURITY', 'WARNING', 'Breached Password on Reset'],
  ['pla', 'unknown', 'SECURITY', 'INFO', 'Pre-login Assessment'],
  ['gd_otp_rate_limit_exceed', 'denied', 'SECURITY', 'WARNING', 'Too Many MFA Failures'],
  ['gd_recovery_rate_limit_exceed', 'denied', 'SECURITY', 'WARNING', 'Too Many MFA Recovery Failures'],
  ['gd_unenroll', 'success', 'SECURITY', 'WARNING', 'MFA Device Unenrolled'],
  ['gd_tenant_update', 'success', 'SECURITY', 'WARNING', 'Guardian Tenant Settings Updated'],
  // A refresh token presented twice means it was copied: Auth0 revokes the family (token theft).
  ['ferrt', 'failure', 'SECURITY', 'ERROR', 'Failed Exchange (Reused Rotating Refresh Token)'],

  // API_ACCESS — machine-to-machine tokens, refresh tokens, Management API reads, rate limits
  ['seccft', 'success', 'API_ACCESS', 'INFO', 'Success Exchange (Client Credentials for Access Token)'],
  ['feccft', 'failure', 'API_ACCESS', 'WARNING', 'Failed Exchange (Client Credentials for Access Token)'],
  ['sertft', 'success', 'API_ACCESS', 'INFO', 'Success Exchange (Refresh Token for Access Token)'],
  ['fertft', 'failure', 'API_ACCESS', 'WARNING', 'Failed Exchange (Refresh Token for Access Token)'],
  ['secte', 'success', 'API_ACCESS', 'INFO', 'Success Exchange (Custom Token Exchange)'],
  ['fecte', 'failure', 'API_ACCESS', 'WARNING', 'Failed Exchange (Custom Token Exchange)'],
  ['srrt', 'success', 'API_ACCESS', 'INFO', 'Success Revocation (Refresh Token)'],
  ['sd', 'success', 'API_ACCESS', 'INFO', 'Success Delegation'],
  ['fd', 'failure', 'API_ACCESS', 'WARNING', 'Failed Delegation'],
  ['mgmt_api_read', 'success', 'API_ACCESS', 'INFO', 'Management API Read Operation'],
  ['api_limit', 'denied', 'API_ACCESS', 'WARNING', 'Rate Limit on the Authentication or Management API'],
  ['api_limit_warning', 'unknown', 'API_ACCESS', 'INFO', 'Rate Limit Warning'],

  // USER_MGMT — sign-ups, deletions, profile changes, invitations, imports
  ['ss', 'success', 'USER_MGMT', 'INFO', 'Success Signup'],
  ['fs', 'failure', 'USER_MGMT', 'WARNING', 'Failed Signup'],
  ['du', 'success', 'USER_MGMT', 'WARNING', 'Deleted User'],
  ['sdu', 'success', 'USER_MGMT', 'WARNING', 'Successful User Deletion'],
  ['fdu', 'failure', 'USER_MGMT', 'WARNING', 'Failed User Deletion'],
  ['sce', 'success', 'USER_MGMT', 'INFO', 'Success Change Email'],
  ['fce', 'failure', 'USER_MGMT', 'WARNING', 'Failed Change Email'],
  ['scu', 'success', 'USER_MGMT', 'INFO', 'Success Change Username'],
  ['fcu', 'failure', 'USER_MGMT', 'WARNING', 'Failed Change Username'],
  ['scpn', 'success', 'USER_MGMT', 'INFO', 'Success Change Phone Number'],
  ['fcpn', 'failure', 'USER_MGMT', 'WARNING', 'Failed Change Phone Number'],
  ['sv', 'success', 'USER_MGMT', 'INFO', 'Success Verification Email'],
  ['fv', 'failure', 'USER_MGMT', 'WARNING', 'Failed Verification Email'],
  ['svr', 'success', 'USER_MGMT', 'INFO', 'Success Verification Email Request'],
  ['fvr', 'failure', 'USER_MGMT', 'WARNING', 'Failed Verification Email Request'],
  ['si', 'success', 'USER_MGMT', 'INFO', 'Successful Invite Accept'],
  ['fi', 'failure', 'USER_MGMT', 'WARNING', 'Failed Invite Accept'],
  ['sui', 'success', 'USER_MGMT', 'INFO', 'Success Users Import'],
  ['fui', 'failure', 'USER_MGMT', 'WARNING', 'Failed Users Import'],
  ['fcpro', 'failure', 'USER_MGMT', 'WARNING', 'Failed Connector Provisioning'],

  // SYSTEM — hooks, actions, notifications, platform updates
  ['scph', 'success', 'SYSTEM', 'INFO', 'Success Post Change Password Hook'],
  ['fcph', 'failure', 'SYSTEM', 'WARNING', 'Failed Post Change Password Hook'],
  ['actions_execution_failed', 'failure', 'SYSTEM', 'ERROR', 'Actions Execution Failed'],
  ['fn', 'failure', 'SYSTEM', 'WARNING', 'Failed Sending Notification'],
  ['wn', 'unknown', 'SYSTEM', 'WARNING', 'Notification Warning'],
  ['wum', 'unknown', 'SYSTEM', 'WARNING', 'User Management Warning'],
  ['depnote', 'unknown', 'SYSTEM', 'WARNING', 'Deprecation Notice'],
];

const TYPE_CODES: ReadonlyMap<string, TypeCodeRow> = new Map(AUTH0_TYPE_CODES.map((row) => [row[0], row]));
const TYPE_CODE_CLASSIFICATION: readonly ClassificationRow[] = AUTH0_TYPE_CODES.map(([code, , category, severity]) => [code, category, severity, severity]);

/**
 * Management API calls (`sapi` success, `fapi` failure), keyed "METHOD /v2/path" (the `/api`
 * prefix removed). Changes to attack protection, MFA policy, identity connections, signing keys
 * and the code that runs at login all change how the tenant authenticates people.
 */
export const AUTH0_MANAGEMENT_API: readonly ClassificationRow[] = [
  [/^\S+ \/v2\/attack-protection\//, 'SECURITY', 'WARNING', 'ERROR'],
  [/^\S+ \/v2\/guardian\//, 'SECURITY', 'WARNING', 'ERROR'],
  [/^\S+ \/v2\/risk-assessment\//, 'SECURITY', 'WARNING', 'ERROR'],
  [/^(POST|PATCH|PUT|DELETE) \/v2\/connections\b/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^\S+ \/v2\/keys\//, 'SECURITY', 'WARNING', 'ERROR'],
  [/^(POST|PATCH|PUT|DELETE) \/v2\/(actions|rules|hooks)\b/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^\S+ \/v2\/jobs\/users-exports/, 'COMPLIANCE', 'WARNING', 'ERROR'],
  [/^DELETE \/v2\/log-streams\b/, 'COMPLIANCE', 'WARNING', 'ERROR'],
  [/^\S+ \/v2\/(log-streams|logs)\b/, 'COMPLIANCE', 'INFO', 'ERROR'],
  [/^(POST|PATCH|PUT) \/v2\/(users\/[^/]+|organizations\/[^/]+\/members\/[^/]+)\/roles/, 'PERMISSION', 'WARNING', 'ERROR'],
  [/^(POST|PATCH|PUT|DELETE) \/v2\/(roles|client-grants|grants)\b/, 'PERMISSION', 'INFO', 'ERROR'],
  [/^\S+ \/v2\/(users\/[^/]+|organizations\/[^/]+\/members\/[^/]+)\/roles/, 'PERMISSION', 'INFO', 'ERROR'],
  [/^DELETE \/v2\/users\b/, 'USER_MGMT', 'WARNING', 'ERROR'],
  [/^(POST|PATCH|PUT) \/v2\/(users|jobs\/users-imports)\b/, 'USER_MGMT', 'INFO', 'ERROR'],
  [/^GET \/v2\/users/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^\S+ \/v2\/(tenants\/invitations|tenants\/members|organizations\/[^/]+\/(invitations|members))/, 'USER_MGMT', 'INFO', 'ERROR'],
  [/^\S+ \/v2\/(clients|resource-servers|device-credentials)\b/, 'API_ACCESS', 'INFO', 'ERROR'],
  [/^GET /, 'API_ACCESS', 'INFO', 'WARNING'],
  [/^\S+ \/v2\/(tenants|branding|emails|email-templates|prompts|custom-domains|organizations|integrations)\b/, 'TENANT_MGMT', 'INFO', 'ERROR'],
  [/./, 'TENANT_MGMT', 'INFO', 'ERROR'],
];

const MANAGEMENT_API_CODES = new Set(['sapi', 'fapi']);

/** The log event itself: a Log Stream envelope keeps it under `data`. */
function logEvent(record: unknown): JsonObject | null {
  if (!isObject(record)) return null;
  const inner = record['data'];
  if (isObject(inner) && typeof inner['type'] === 'string' && inner['date'] !== undefined) return inner;
  return record;
}

function recognise(record: unknown): number {
  const event = logEvent(record);
  if (event === null) return 0;
  const type = event['type'];
  if (typeof type !== 'string' || !/^[a-z][a-z0-9_]{0,40}$/.test(type) || event['date'] === undefined) return 0;
  const marks = ['log_id', '_id', 'client_id', 'user_id', 'connection_id', 'description', 'user_agent'].filter((key) => event[key] !== undefined).length;
  if (marks === 0) return 0;
  return Math.min(1, 0.6 + 0.1 * marks + (TYPE_CODES.has(type) || MANAGEMENT_API_CODES.has(type) ? 0.1 : 0));
}

function map(record: unknown, raw: string): MappingOutcome {
  const event = logEvent(record);
  if (event === null) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  const code = text(event['type']);
  if (code === null) return refuse(whyNotText(event, 'type'));
  const instant = readInstant(event['date']);
  if (instant === null) return refuse(whyNotInstant(event, 'date'));

  const isManagementApi = MANAGEMENT_API_CODES.has(code);
  const known = TYPE_CODES.get(code);
  const outcome = isManagementApi ? managementOutcome(event, code) : (known?.[1] ?? 'unknown');
  const classification = isManagementApi
    ? classify(AUTH0_MANAGEMENT_API, `${(firstText(event, 'details.request.method') ?? 'POST').toUpperCase()} ${apiPath(event) ?? '/'}`, outcome)
    : classify(TYPE_CODE_CLASSIFICATION, code, outcome);

  // Without a user, only a machine-to-machine exchange is the client's own act; a failed
  // sign-in by nobody in particular is not the application's doing.
  const actor = isManagementApi ? managementActor(event) : signInActor(event, known?.[2] === 'API_ACCESS' || known === undefined);
  const path = apiPath(event);
  const target = isManagementApi
    ? { kind: 'management-api', id: path, name: firstText(event, 'description') }
    : { kind: 'application', id: firstText(event, 'client_id'), name: firstText(event, 'client_name') };

  return canonicalEvent({
    sourceId: SOURCE_ID,
    // The API's `log_id`; older exports and the v2 search results carry `_id`.
    eventId: firstText(event, 'log_id', '_id') ?? (isObject(record) ? text(record['log_id']) : null),
    instant,
    action: code,
    classification,
    outcome,
    actor,
    target,
    context: {
      ip: firstText(event, 'ip', 'details.request.ip'),
      userAgent: firstText(event, 'user_agent', 'details.request.userAgent'),
      sessionId: firstText(event, 'details.session_id', 'session_id'),
      geo: geoText(event['location_info']),
    },
    description: firstText(event, 'description') ?? known?.[4] ?? `Auth0 log event ${code}`,
    data: event['details'] ?? null,
    raw,
  });
}

/** Management API status: the response code when logged, else what the type code states. */
function managementOutcome(event: JsonObject, code: string): Outcome {
  const status = Number(firstText(event, 'details.response.statusCode'));
  if (Number.isInteger(status) && status > 0) {
    if (status === 401 || status === 403) return 'denied';
    return status >= 400 ? 'failure' : 'success';
  }
  return code === 'fapi' ? 'failure' : 'success';
}

function apiPath(event: JsonObject): string | null {
  const path = firstText(event, 'details.request.path');
  return path === null ? null : path.replace(/^\/api(?=\/v2\b)/, '');
}

/** The administrator behind a Management API call, or the machine client that called it. */
function managementActor(event: JsonObject): Actor {
  const user = at(event, 'details.request.auth.user');
  if (isObject(user)) {
    const email = text(user['email']);
    return { kind: 'user', id: text(user['user_id']) ?? firstText(event, 'user_id'), name: text(user['name']) ?? email, email: emailOf(email) };
  }
  return signInActor(event, true);
}

const NOBODY: Actor = { kind: 'user', id: null, name: null, email: null };

function signInActor(event: JsonObject, clientMayAct: boolean): Actor {
  const id = firstText(event, 'user_id');
  const userName = firstText(event, 'user_name');
  if (id !== null || userName !== null) {
    const email = emailOf(userName, firstText(event, 'details.request.auth.user.email'));
    return { kind: 'user', id, name: userName ?? email, email };
  }
  const clientId = firstText(event, 'client_id');
  if (clientId !== null && clientMayAct) return { kind: 'service', id: clientId, name: firstText(event, 'client_name'), email: null };
  return clientId !== null ? { ...NOBODY } : systemActor('Auth0');
}

function geoText(location: unknown): string | null {
  if (!isObject(location)) return null;
  const parts = ['city_name', 'subdivision_code', 'country_name'].map((key) => text(location[key])).filter((part) => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

export const auth0: PlatformMapping = {
  id: SOURCE_ID,
  name: 'Auth0 tenant logs',
  shapes: ['json'],
  recognise,
  map,
};
