import { useEffect, useState } from 'react';
import type { DISTINCT_FIELDS } from '../../../src-shared/query';
import { call } from '../../api';

export type DistinctField = (typeof DISTINCT_FIELDS)[number];
export interface Suggestion {
  value: string;
  count: number;
}

const SUGGEST_DELAY_MS = 150;

/** Values of a field starting with `prefix`, most frequent first; asked only while `enabled`. */
export function useDistinct(field: DistinctField, prefix: string, enabled: boolean): Suggestion[] {
  const [answer, setAnswer] = useState<{ key: string; values: Suggestion[] } | null>(null);
  const key = `${field}\n${prefix}`;
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      call('events.distinct', { field, prefix, limit: 30 })
        .then((result) => {
          if (!cancelled) setAnswer({ key, values: result.values });
        })
        // Suggestions are a convenience: without them the field still filters.
        .catch(() => undefined);
    }, SUGGEST_DELAY_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [field, prefix, enabled, key]);
  return answer?.key === key ? answer.values : [];
}
