/**
 * The `Link` response header (RFC 8288 §3): `<url>; rel="next", <url>; rel="last"`. Okta and
 * GitHub page their audit logs with it; the next page's URL is opaque and followed as given,
 * but only on the source's own origin, so a crafted link cannot carry the token elsewhere.
 */
import { AppError } from '../../../src-shared/errors';
import { describeUrl } from './redaction';

/** The target of the first link whose rel list includes `rel`, resolved against `base`. */
export function linkTarget(header: string | undefined, rel: string, base: string): string | null {
  if (header === undefined) return null;
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(pattern)) {
    const params = match[2] ?? '';
    const relMatch = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const rels = (relMatch?.[1] ?? relMatch?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes(rel)) return new URL(match[1] ?? '', base).toString();
  }
  return null;
}

/** The next page's URL, refused when it leaves the source's origin. */
export function nextPageUrl(header: string | undefined, current: string, source: string): string | null {
  const next = linkTarget(header, 'next', current);
  if (next === null) return null;
  if (new URL(next).origin !== new URL(current).origin) {
    throw new AppError('REMOTE_ERROR', `Source "${source}": the next page link points to another host (${describeUrl(next)}); refused so the credential is not sent there.`);
  }
  return next;
}
