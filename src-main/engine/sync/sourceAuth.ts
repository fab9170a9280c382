/**
 * A source's requests with its credential attached: an API token in the platform's own scheme
 * (Okta `SSWS`, GitHub and most APIs `Bearer`) or a bearer token from OAuth client credentials
 * (oauthToken.ts). The credential goes only to the source's own origin; a request elsewhere (a
 * pre-signed download link on a storage host) is sent without it. Every request names the
 * source and its credential for messages and lists the secrets to scrub from them.
 */
import type { SourceConfig } from './connector';
import { HttpError, checkUrl, type HttpClient, type HttpRequest, type HttpResponse } from './httpClient';
import { invalidateOAuthToken, oauthSecrets, oauthToken } from './oauthToken';
import { serverText } from './redaction';

/** How an API token is presented. */
export type TokenScheme = 'bearer' | 'ssws' | 'api-key';

export type SourceRequest = Omit<HttpRequest, 'source' | 'credential' | 'secrets'>;

export interface SourceAuth {
  /** the source's request, with the credential when `url` is on the source's origin */
  request(request: SourceRequest, signal: AbortSignal): Promise<HttpResponse>;
  /** the source's base URL joined with `path` (and `query`, empty values left out) */
  url(path: string, query?: Record<string, string | undefined>): string;
  /** a server's text made safe for a message: the credential scrubbed, one line, shortened */
  serverText(text: string): string;
}

function tokenHeaders(scheme: TokenScheme, token: string): Record<string, string> {
  switch (scheme) {
    case 'ssws':
      return { authorization: `SSWS ${token}` };
    case 'bearer':
      return { authorization: `Bearer ${token}` };
    case 'api-key':
      // Doc 000's export API reads X-API-Key; a gateway in front of it may want a bearer token.
      return { 'x-api-key': token, authorization: `Bearer ${token}` };
  }
}

export function joinUrl(base: string, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = `${prefix}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, value);
  return url.toString();
}

export function createSourceAuth(source: SourceConfig, http: HttpClient, scheme: TokenScheme): SourceAuth {
  const origin = checkUrl(source.baseUrl, 'base URL').origin;
  const credential = source.credential;
  const what = credential.type === 'token' ? 'the API token' : 'the OAuth client credentials';

  async function send(request: SourceRequest, signal: AbortSignal, retried: boolean): Promise<HttpResponse> {
    const sameOrigin = new URL(request.url).origin === origin;
    let auth: Record<string, string> = {};
    let secrets: string[];
    if (credential.type === 'token') {
      secrets = [credential.token];
      if (sameOrigin) auth = tokenHeaders(scheme, credential.token);
    } else {
      if (sameOrigin) auth = { authorization: `Bearer ${await oauthToken(http, credential, source.name, signal)}` };
      secrets = oauthSecrets(credential);
    }
    try {
      return await http.request({ ...request, headers: { ...request.headers, ...auth }, source: source.name, credential: what, secrets }, signal);
    } catch (error) {
      // An access token can be revoked or expire early: fetch a fresh one once (RFC 6750 §3.1 invalid_token).
      if (credential.type === 'oauth-client' && sameOrigin && !retried && error instanceof HttpError && error.status === 401) {
        invalidateOAuthToken(credential);
        return send(request, signal, true);
      }
      throw error;
    }
  }

  return {
    request: (request, signal) => send(request, signal, false),
    url: (path, query) => joinUrl(source.baseUrl, path, query),
    serverText: (text) => serverText(text, credential.type === 'token' ? [credential.token] : oauthSecrets(credential)),
  };
}
