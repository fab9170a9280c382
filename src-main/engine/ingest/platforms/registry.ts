/**
 * Recognising which platform a part of an export came from: every mapping scores the first
 * records of the part, and the best mean score wins if it is convincing (≥ 0.5). Detection
 * uses record content only — never file names. Collector wrappers (Cribl/Splunk `_raw` holding
 * the event as JSON text) are unwrapped first, and the unwrapped text is the raw record kept.
 */
import type { MappingOutcome } from '../../../../src-shared/event';
import type { PlatformMapping, RecordShape } from '../mapping/platform';
import { isObject } from '../mapping/values';

export const DETECTION_SAMPLE = 20;
const CONVINCING = 0.5;

export interface Unwrapped {
  value: unknown;
  raw: string;
}

/** `{"_raw": "{...}", host, source, ...}` → the inner event, when `_raw` is a JSON object. */
export function unwrapCollector(value: unknown, raw: string): Unwrapped {
  if (!isObject(value)) return { value, raw };
  const inner = value['_raw'];
  if (typeof inner !== 'string') return { value, raw };
  const text = inner.trim();
  if (!text.startsWith('{')) return { value, raw };
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? { value: parsed, raw: text } : { value, raw };
  } catch {
    return { value, raw };
  }
}

export interface Detection {
  mapping: PlatformMapping;
  score: number;
}

export function detectPlatform(mappings: readonly PlatformMapping[], samples: readonly unknown[], shape: RecordShape): Detection | null {
  if (samples.length === 0) return null;
  let best: Detection | null = null;
  for (const mapping of mappings) {
    if (!mapping.shapes.includes(shape)) continue;
    let total = 0;
    for (const sample of samples) {
      try {
        total += mapping.recognise(sample);
      } catch {
        // a recogniser must not throw; one that does simply does not recognise
      }
    }
    const score = total / samples.length;
    if (score > (best?.score ?? 0)) best = { mapping, score };
  }
  return best && best.score >= CONVINCING ? best : null;
}

/** Maps with the collector wrapper removed; never throws. */
export function mapRecord(mapping: PlatformMapping, value: unknown, raw: string): MappingOutcome {
  const inner = unwrapCollector(value, raw);
  try {
    return mapping.map(inner.value, inner.raw);
  } catch (error) {
    return { ok: false, reason: `the ${mapping.name} mapping failed on this record: ${(error as Error).message}` };
  }
}
