/**
 * Error bodies in each API's own spelling: CalKeep's `{error}` (doc 000's denied export),
 * Okta's `{errorCode, errorSummary, …}` (E0000011 invalid token, E0000047 rate limit) and
 * GitHub's `{message, documentation_url}`.
 */
import type { ApiName } from './faults';
import type { Headers, Reply } from './respond';
import { jsonReply } from './respond';

const OKTA_CODES: Readonly<Record<number, string>> = {
  400: 'E0000001', 401: 'E0000011', 403: 'E0000006', 404: 'E0000007', 429: 'E0000047', 500: 'E0000009', 503: 'E0000009',
};

let errorSerial = 0;

export function apiError(api: ApiName | 'oauth' | null, status: number, message: string, headers?: Headers): Reply {
  if (api === 'okta') {
    const body = { errorCode: OKTA_CODES[status] ?? 'E0000009', errorSummary: message, errorLink: OKTA_CODES[status] ?? 'E0000009', errorId: `oae${(++errorSerial).toString(36).padStart(8, '0')}`, errorCauses: [] };
    return jsonReply(status, body, headers);
  }
  if (api === 'github') return jsonReply(status, { message, documentation_url: 'https://docs.github.com/rest/orgs/orgs#get-the-audit-log-for-an-organization', status: String(status) }, headers);
  if (api === 'oauth') return jsonReply(status, { error: status === 401 ? 'invalid_client' : 'invalid_request', error_description: message }, headers);
  return jsonReply(status, { error: message }, headers);
}

export const MESSAGES = {
  unauthorized: { okta: 'Invalid token provided', github: 'Bad credentials', other: 'missing or invalid API token' },
  forbidden: { okta: 'You do not have permission to perform the requested action', github: 'Resource not accessible by integration', other: 'the token lacks the permission this request needs' },
} as const;

export function message(kind: keyof typeof MESSAGES, api: ApiName | 'oauth' | null): string {
  const set = MESSAGES[kind];
  return api === 'okta' ? set.okta : api === 'github' ? set.github : set.other;
}
