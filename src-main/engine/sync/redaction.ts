/**
 * What a sync message may say about a request. Credentials are never written to a log or an
 * error message (issue "Sync", Behaviour), so every text that leaves the HTTP client passes
 * through here: URLs lose their query and user info (a query can carry a signature or a key,
 * e.g. a pre-signed download link), and the server's own words lose every secret the request
 * carried, in case the server echoes it back.
 */

const REDACTED = '[redacted]';
/** Shorter strings are not scrubbed: "a" or "on" would mangle every message. */
const MIN_SECRET_CHARS = 6;
const SERVER_TEXT_CHARS = 300;
/** Headers whose value is or carries a credential (RFC 9110 §11: Authorization and kin; vendors' API-key headers). */
const SENSITIVE_NAME = /auth|api[-_]?key|token|secret|cookie|signature|\bsig\b|session|password|credential|code/i;
/** A query value that looks like a key or a signature even under an innocent name. */
const OPAQUE_VALUE = /^[A-Za-z0-9._~+/=-]{20,}$/;

/** Authorization schemes whose parameter is a credential (RFC 9110 §11.4; Okta's SSWS). */
const SCHEME_TOKEN = /\b(Bearer|Basic|SSWS|token|Token)\s+[A-Za-z0-9._~+/=:-]{6,}/g;
/** `"access_token": "…"`, `client_secret=…` and the like, in JSON, form or query spelling. */
const NAMED_SECRET = /\b(access_token|refresh_token|id_token|client_secret|api[_-]?key|password|secret)("?\s*[:=]\s*"?)[^\s"&,;}]+/gi;

/** `https://host:port/path` — never the query, the fragment or user info. */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an unreadable URL)';
  }
}

/**
 * Every string in a request that could be a credential: the values of credential headers (and
 * the parameter after an auth scheme), query values that are named like a secret or look like
 * one, user info, and whatever the caller names.
 */
export function secretsOf(url: string | URL | null, headers: Record<string, string> | undefined, extra: readonly string[] | undefined): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined | null): void => {
    if (value && value.length >= MIN_SECRET_CHARS) secrets.add(value);
  };
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!SENSITIVE_NAME.test(name)) continue;
    add(value);
    const space = value.indexOf(' ');
    if (space !== -1) add(value.slice(space + 1).trim());
  }
  if (url !== null) {
    try {
      const parsed = typeof url === 'string' ? new URL(url) : url;
      for (const [name, value] of parsed.searchParams) if (SENSITIVE_NAME.test(name) || OPAQUE_VALUE.test(value)) add(value);
      add(decodeURIComponent(parsed.password));
      add(parsed.password);
    } catch {
      // an unreadable URL carries nothing to scrub
    }
  }
  for (const value of extra ?? []) add(value);
  // Longest first, so a token is not half-replaced by a secret that is its own prefix.
  return [...secrets].sort((a, b) => b.length - a.length);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(SCHEME_TOKEN, `$1 ${REDACTED}`).replace(NAMED_SECRET, `$1$2${REDACTED}`);
}

/**
 * The server's explanation of an error, short enough for one line: the `error`/`message`
 * members of a JSON error body (Okta `errorSummary`, RFC 6749 §5.2 `error_description`), else
 * the text itself; control characters dropped, whitespace collapsed, secrets scrubbed.
 */
export function serverText(body: string, secrets: readonly string[]): string {
  let text = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const o = parsed as Record<string, unknown>;
      const parts = [o['errorSummary'], o['error'], o['error_description'], o['message'], o['detail'], o['title']]
        .map((v) => (typeof v === 'string' ? v : v !== null && typeof v === 'object' && typeof (v as Record<string, unknown>)['message'] === 'string' ? (v as Record<string, unknown>)['message'] : null))
        .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
      if (parts.length > 0) text = [...new Set(parts)].join(': ');
    }
  } catch {
    // not JSON: the text as sent
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const flat = scrub(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim(), secrets);
  return flat.length > SERVER_TEXT_CHARS ? `${flat.slice(0, SERVER_TEXT_CHARS)}…` : flat;
}
