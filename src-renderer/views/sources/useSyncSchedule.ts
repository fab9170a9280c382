import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SourceSummary } from '../../../src-shared/sources';

interface Entry {
  name: string;
  ms: number;
}

/**
 * One `setInterval` per source that asked for an interval, and when each fires next. A store
 * outside React (read with useSyncExternalStore) because the timers, not renders, move it.
 */
class IntervalSchedule {
  private readonly timers = new Map<string, number>();
  private next: ReadonlyMap<string, number> = new Map();
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly snapshot = (): ReadonlyMap<string, number> => this.next;

  start(entries: readonly Entry[], fire: (name: string) => void): void {
    this.stop();
    const now = Date.now();
    const next = new Map<string, number>();
    for (const { name, ms } of entries) {
      next.set(name, now + ms);
      const timer = window.setInterval(() => {
        this.publish(new Map([...this.next, [name, Date.now() + ms]]));
        fire(name);
      }, ms);
      this.timers.set(name, timer);
    }
    this.publish(next);
  }

  stop(): void {
    for (const timer of this.timers.values()) window.clearInterval(timer);
    this.timers.clear();
    if (this.next.size > 0) this.publish(new Map());
  }

  private publish(next: ReadonlyMap<string, number>): void {
    this.next = next;
    for (const listener of this.listeners) listener();
  }
}

const FIELD = '\u0000';
const ENTRY = '\u0001';

/** The schedule as one string, so the timers restart only when a name or an interval changes. */
function scheduleKey(sources: readonly SourceSummary[]): string {
  return sources
    .filter((source) => source.intervalMinutes !== null && source.intervalMinutes > 0)
    .map((source) => `${source.name}${FIELD}${source.intervalMinutes}`)
    .join(ENTRY);
}

function entriesOf(key: string): Entry[] {
  if (key === '') return [];
  return key.split(ENTRY).map((entry) => {
    const [name = '', minutes = '0'] = entry.split(FIELD);
    return { name, ms: Number(minutes) * 60_000 };
  });
}

/**
 * "Interval while the app is open": while the component using this is mounted, `fire(name)` is
 * called every `intervalMinutes` for each source that has one. Answers when each fires next.
 */
export function useSyncSchedule(sources: readonly SourceSummary[], fire: (name: string) => void): ReadonlyMap<string, number> {
  const [schedule] = useState(() => new IntervalSchedule());
  const fireRef = useRef(fire);
  useEffect(() => {
    fireRef.current = fire;
  }, [fire]);

  const key = scheduleKey(sources);
  useEffect(() => {
    schedule.start(entriesOf(key), (name) => fireRef.current(name));
    return () => schedule.stop();
  }, [schedule, key]);

  return useSyncExternalStore(schedule.subscribe, schedule.snapshot);
}
