/**
 * An event as an Okta System Log LogEvent (`GET /api/v1/logs`), with the keys and nesting of
 * the real API (shared/datasets/okta_system_log): uuid, published (ISO, milliseconds),
 * eventType, displayMessage, severity, actor{id,type,alternateId,displayName},
 * client{ipAddress, userAgent.rawUserAgent, geographicalContext}, outcome{result,reason},
 * target[], authenticationContext, debugContext.debugData, transaction, request.ipChain.
 * `uuid` carries the tenant's event id, so one event has the same id in every API.
 */
import type { CastActor } from '../eventKinds';
import type { TenantEvent } from '../population';
import { dataOf, originOf } from './detail';

const RESULT: Readonly<Record<TenantEvent['outcome'], string>> = { success: 'SUCCESS', failure: 'FAILURE', denied: 'DENY' };

const TARGET_TYPES: Readonly<Record<string, string>> = {
  user: 'User', session: 'Session', record: 'AppInstance', file: 'AppInstance', apiKey: 'Token', role: 'Role', tenant: 'Org', job: 'Job',
};

function actorOf(event: TenantEvent): Record<string, unknown> {
  const { actor } = event;
  if (actor.class === 'system') {
    return { id: actor.oktaId, type: actor.oktaType, alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null };
  }
  const who = actor.export!;
  return { id: actor.oktaId, type: actor.oktaType, alternateId: who.email ?? who.id, displayName: who.label, detailEntry: null };
}

function targetsOf(event: TenantEvent): Record<string, unknown>[] {
  const type = TARGET_TYPES[event.kind.target];
  if (type === undefined) return [];
  if (event.kind.target === 'session') {
    return event.sessionId === null ? [] : [{ id: event.sessionId, type, alternateId: 'unknown', displayName: 'unknown', detailEntry: null }];
  }
  const target = event.target?.export;
  if (!target) return [];
  return [{ id: target.id, type, alternateId: target.label ?? target.id, displayName: target.label ?? target.id, detailEntry: null }];
}

/** The parts that depend only on who acted and from where, serialised once per actor and place. */
interface Fragments {
  actor: string;
  client: string;
  ipChain: string;
}

const fragmentCache = new Map<CastActor, [Fragments | undefined, Fragments | undefined]>();

function fragmentsOf(event: TenantEvent): Fragments {
  let pair = fragmentCache.get(event.actor);
  if (!pair) {
    pair = [undefined, undefined];
    fragmentCache.set(event.actor, pair);
  }
  const slot = event.remote ? 1 : 0;
  const cached = pair[slot];
  if (cached) return cached;
  const origin = originOf(event);
  const geo = origin.geo === null ? null : { city: origin.geo.city, state: null, country: origin.geo.country, postalCode: null, geolocation: null };
  const fragments: Fragments = {
    actor: JSON.stringify(actorOf(event)),
    client: JSON.stringify({
      userAgent: origin.userAgent === null ? null : { rawUserAgent: origin.userAgent, os: 'Unknown', browser: 'UNKNOWN' },
      zone: 'null',
      device: origin.userAgent === null ? null : 'Computer',
      id: null,
      ipAddress: origin.ip,
      geographicalContext: geo,
    }),
    ipChain: JSON.stringify(origin.ip === null ? [] : [{ ip: origin.ip, geographicalContext: geo, version: 'V4', source: null }]),
  };
  pair[slot] = fragments;
  return fragments;
}

const SECURITY_CONTEXT = JSON.stringify({ asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null });

/**
 * The LogEvent as JSON text, built from cached fragments: a page of 1000 events is rendered
 * several times faster than by serialising whole objects, which a million-event sync feels.
 */
export function oktaEventJson(event: TenantEvent): string {
  const f = fragmentsOf(event);
  const failed = event.outcome !== 'success';
  const session = event.sessionId === null ? 'null' : `"${event.sessionId}"`;
  const reason = failed ? (event.outcome === 'denied' ? '"Access denied by policy"' : '"INVALID_CREDENTIALS"') : 'null';
  const debugData = JSON.stringify({ requestId: event.requestId, ...stringValues(dataOf(event)) });
  return (
    `{"actor":${f.actor},"client":${f.client},"device":null,` +
    `"authenticationContext":{"authenticationProvider":null,"credentialProvider":null,"credentialType":null,"issuer":null,"interface":null,"authenticationStep":0,"rootSessionId":${session},"externalSessionId":${session}},` +
    `"displayMessage":${JSON.stringify(event.kind.okta[1])},"eventType":${JSON.stringify(event.kind.okta[0])},` +
    `"outcome":{"result":"${RESULT[event.outcome]}","reason":${reason}},"published":"${new Date(event.ms).toISOString()}",` +
    `"securityContext":${SECURITY_CONTEXT},"severity":"${failed ? 'WARN' : 'INFO'}","debugContext":{"debugData":${debugData}},"legacyEventType":null,` +
    `"transaction":{"type":"WEB","id":"${event.requestId}","detail":{}},"uuid":"${event.id}","version":"0",` +
    `"request":{"ipChain":${f.ipChain}},"target":${JSON.stringify(targetsOf(event))}}`
  );
}

/** The LogEvent as a value (tests; the server sends oktaEventJson). */
export function oktaEvent(event: TenantEvent): Record<string, unknown> {
  return JSON.parse(oktaEventJson(event)) as Record<string, unknown>;
}

/** Okta's debugData holds strings only. */
function stringValues(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) out[key] = String(value);
  return out;
}
