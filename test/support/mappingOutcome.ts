import type { CanonicalEventInput, MappingOutcome } from '../../src-shared/event';

/** The event of a mapping outcome, or a thrown error saying what came instead. */
export function eventOf(outcome: MappingOutcome): CanonicalEventInput {
  if (!outcome.ok) throw new Error(`expected a mapped event, got a refusal: ${outcome.reason}`);
  if (!('event' in outcome)) throw new Error('expected a mapped event, got a credential row');
  return outcome.event;
}
