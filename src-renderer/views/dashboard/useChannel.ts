import { useEffect, useRef, useState } from 'react';
import type { Channel, RequestOf, ResponseOf } from '../../../src-shared/contract';
import { call, toApiError, type ApiError } from '../../api';

export interface Loaded<T> {
  /** the newest answer received, possibly for an older request while a newer one loads */
  value: T | null;
  /** `value` answers the request as it is now */
  current: boolean;
  loading: boolean;
  error: ApiError | null;
}

/**
 * One channel's answer for a request, reloaded when the request or `reload` changes and only
 * while `enabled` (a hidden tab does not query). Each answer is tagged with the key it
 * answers, so a late answer to an older request is dropped and "loading" is derived, not set;
 * the previous answer stays on screen while the next loads (EventsTab's generation pattern).
 * A null request means "not yet askable" (e.g. the range still waits for the latest event).
 */
export function useChannel<C extends Channel>(channel: C, request: RequestOf<C> | null, reload: string, enabled: boolean): Loaded<ResponseOf<C>> {
  // The key carries the whole request, so the effect depends on its value, not its identity.
  const body = request === null ? null : JSON.stringify(request);
  const key = body === null ? null : `${channel}|${reload}|${body}`;
  const [loaded, setLoaded] = useState<{ key: string; value: ResponseOf<C> } | null>(null);
  const [failed, setFailed] = useState<{ key: string; error: ApiError } | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    if (!enabled || key === null || body === null) return;
    const mine = ++generation.current;
    call(channel, JSON.parse(body) as RequestOf<C>).then(
      (value) => {
        if (generation.current === mine) setLoaded({ key, value });
      },
      (caught: unknown) => {
        if (generation.current === mine) setFailed({ key, error: toApiError(caught) });
      },
    );
  }, [channel, key, body, enabled]);

  const current = loaded !== null && loaded.key === key;
  const error = failed !== null && failed.key === key ? failed.error : null;
  return { value: loaded?.value ?? null, current, loading: key !== null && !current && !error, error };
}
