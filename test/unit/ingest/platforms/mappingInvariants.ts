/**
 * The property every platform mapping must hold on any input (STYLE: one shared check instead
 * of one copy per platform): recognise() scores within [0, 1], map() never throws, and what it
 * maps is a valid canonical event — or a refusal with a reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../../src-shared/event';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';

/** `shaped`: records built from the platform's own field names, which reach deeper code paths. */
export function describeNeverThrows(title: string, mapping: PlatformMapping, shaped: fc.Arbitrary<unknown>): void {
  describe(title, () => {
    it.each([
      ['any JSON value', fc.jsonValue() as fc.Arbitrary<unknown>],
      ['any object', fc.object() as fc.Arbitrary<unknown>],
      ['objects with its own field names', shaped],
    ])('on %s', (_name, arbitrary: fc.Arbitrary<unknown>) => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const score = mapping.recognise(value);
          expect(score >= 0 && score <= 1).toBe(true);
          const outcome = mapping.map(value, JSON.stringify(value) ?? '');
          if (!outcome.ok) {
            expect(outcome.reason).not.toBe('');
            return;
          }
          if (!('event' in outcome)) throw new Error('a credential row from an audit mapping');
          expect(CATEGORIES).toContain(outcome.event.category);
          expect(SEVERITIES).toContain(outcome.event.severity);
          expect(OUTCOMES).toContain(outcome.event.outcome);
          expect(Number.isSafeInteger(outcome.event.occurredAt)).toBe(true);
        }),
        { numRuns: 400 },
      );
    });
  });
}

/** Objects keyed by the platform's field names, nested one or two levels. */
export function shapedRecords(keys: readonly string[], nested: 'objects' | 'arrays' = 'objects'): fc.Arbitrary<unknown> {
  const inner = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue());
  const second = nested === 'objects' ? fc.dictionary(fc.constantFrom(...keys), inner) : fc.array(inner);
  return fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), inner, second));
}
