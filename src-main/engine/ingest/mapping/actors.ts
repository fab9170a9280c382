/** Actor helpers shared by every mapping. */
import type { Actor, ActorKind } from '../../../../src-shared/event';

/** Doc 004: automated jobs have no signed-in user and show as "System". */
export function systemActor(name = 'System'): Actor {
  return { kind: 'system', id: null, name, email: null };
}

/**
 * Actor kinds seen in exports, by the canonical kind they mean. Unknown words map to `user`
 * (an audit actor is a person unless it says otherwise); the tenant's word stays in `raw`.
 * A Map, so a kind such as `constructor` cannot reach Object.prototype.
 */
const ACTOR_KIND_BY_NAME: ReadonlyMap<string, ActorKind> = new Map<string, ActorKind>([
  ['user', 'user'],
  ['person', 'user'],
  ['member', 'user'],
  ['iamuser', 'user'],
  ['root', 'user'],
  ['service', 'service'],
  ['service_account', 'service'],
  ['serviceaccount', 'service'],
  ['app', 'service'],
  ['application', 'service'],
  ['integration', 'service'],
  ['bot', 'service'],
  ['awsservice', 'service'],
  ['assumedrole', 'service'],
  ['system', 'system'],
  ['api_key', 'apiKey'],
  ['apikey', 'apiKey'],
  ['token', 'apiKey'],
  ['api_token', 'apiKey'],
]);

export function actorKindFrom(word: string | null, fallback: ActorKind = 'user'): ActorKind {
  if (word === null) return fallback;
  return ACTOR_KIND_BY_NAME.get(word.toLowerCase().replace(/[\s-]/g, '_')) ?? fallback;
}

/** An email-looking id is also the actor's email. */
export function emailOf(...candidates: (string | null)[]): string | null {
  for (const c of candidates) if (c !== null && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c)) return c;
  return null;
}
