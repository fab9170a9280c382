/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4): the client authenticates with HTTP Basic
 * (§2.3.1, the method every server must support), receives a bearer token (RFC 6750) and reuses
 * it until shortly before `expires_in` runs out. Tokens are cached in memory only, keyed by a
 * hash of the credential, never written anywhere.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { SourceCredential } from './connector';
import { HttpError, type HttpClient } from './httpClient';

export type OAuthClientCredential = Extract<SourceCredential, { type: 'oauth-client' }>;

/** Renew this long before the server's expiry, so a token does not lapse mid-request. */
const EXPIRY_MARGIN_MS = 60_000;
/** RFC 6749 §5.1 makes expires_in optional; assume an hour, and renew on a 401 anyway. */
const DEFAULT_LIFETIME_MS = 3600_000;
/** RFC 6749 §5.2 errors that mean the client's own credentials or grant are wrong. */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant', 'invalid_scope', 'access_denied']);

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

const cache = new Map<string, CachedToken>();

function keyOf(credential: OAuthClientCredential): string {
  return createHash('sha256').update([credential.tokenUrl, credential.clientId, credential.clientSecret, credential.scope ?? ''].join('\u0000')).digest('hex');
}

export function oauthSecrets(credential: OAuthClientCredential): string[] {
  const token = cache.get(keyOf(credential))?.accessToken;
  return [credential.clientSecret, Buffer.from(`${encodeURIComponent(credential.clientId)}:${encodeURIComponent(credential.clientSecret)}`).toString('base64'), ...(token ? [token] : [])];
}

/** Forgets the cached token (the API refused it). */
export function invalidateOAuthToken(credential: OAuthClientCredential): void {
  cache.delete(keyOf(credential));
}

/** A bearer token for `credential`, from the cache or from the token endpoint. */
export async function oauthToken(http: HttpClient, credential: OAuthClientCredential, source: string, signal: AbortSignal, now: () => number = Date.now): Promise<string> {
  const key = keyOf(credential);
  const cached = cache.get(key);
  if (cached && cached.expiresAt > now()) return cached.accessToken;

  // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
  const basic = Buffer.from(`${encodeURIComponent(credential.clientId)}:${encodeURIComponent(credential.clientSecret)}`).toString('base64');
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (credential.scope) form['scope'] = credential.scope;
  let body: unknown;
  try {
    const response = await http.request(
      {
        method: 'POST',
        url: credential.tokenUrl,
        headers: { authorization: `Basic ${basic}` },
        form,
        expect: 'json',
        source,
        credential: 'the OAuth client credentials',
        secrets: [credential.clientSecret],
      },
      signal,
    );
    body = response.body;
  } catch (error) {
    // §5.2: the token endpoint answers 400 for a wrong client or scope; say what to fix.
    if (error instanceof HttpError && error.status === 400 && [...CLIENT_ERRORS].some((code) => error.detail.includes(code))) {
      throw new HttpError('AUTH_FAILED', `Source "${source}": the token endpoint refused the OAuth client credentials (${error.detail}): check the client id, secret and scope for source "${source}".`, 400, error.detail);
    }
    throw error;
  }
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const accessToken = record['access_token'];
  const tokenType = record['token_type'];
  if (typeof accessToken !== 'string' || accessToken === '') throw new AppError('REMOTE_ERROR', `Source "${source}": the token endpoint answered without an access_token.`);
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') throw new AppError('REMOTE_ERROR', `Source "${source}": the token endpoint issued a "${tokenType.slice(0, 40)}" token; only bearer tokens (RFC 6750) are supported.`);
  const expiresIn = Number(record['expires_in']);
  const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_LIFETIME_MS;
  cache.set(key, { accessToken, expiresAt: now() + Math.max(lifetime - EXPIRY_MARGIN_MS, lifetime / 2) });
  return accessToken;
}
