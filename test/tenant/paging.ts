/**
 * Windows, pages and cursors over the population, shared by the four APIs. A window is
 * half-open, [from, to). A cursor is the (time, serial) key of the last event a page held,
 * base64url-encoded and opaque to clients; the next page starts right after that key, so
 * pages cover the window exactly once even while late events are being added.
 * Whole-window responses (a pull without `limit`, an export download) stream from a snapshot
 * of the window's serials taken when the response starts, so a late insert cannot shift them.
 */
import type { EventKey, Population, TenantEvent } from './population';

export interface Window {
  fromMs: number;
  toMs: number;
}

export interface PageRequest {
  window: Window;
  limit: number;
  after: EventKey | null;
  /** newest first (GitHub's default order) */
  descending?: boolean;
  filter?: (event: TenantEvent) => boolean;
}

export interface Page {
  events: TenantEvent[];
  /** true when the window holds further matching events after this page */
  more: boolean;
  /** the key of the page's last event; the next page's cursor */
  last: EventKey | null;
}

export function encodeCursor(key: EventKey): string {
  return Buffer.from(`${key.ms}.${key.serial}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): EventKey | null {
  const match = /^(-?\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return null;
  const ms = Number(match[1]);
  const serial = Number(match[2]);
  return Number.isSafeInteger(ms) && Number.isSafeInteger(serial) ? { ms, serial } : null;
}

export function pageOf(population: Population, request: PageRequest): Page {
  const { window, limit, after, filter } = request;
  const lo = population.lowerBound(window.fromMs);
  const hi = population.lowerBound(window.toMs);
  const events: TenantEvent[] = [];
  const step = request.descending ? -1 : 1;
  let p: number;
  if (request.descending) p = (after ? Math.min(hi, population.positionOf(after)) : hi) - 1;
  else p = after ? Math.max(lo, population.positionAfter(after)) : lo;
  const inside = (position: number): boolean => position >= lo && position < hi;
  for (; inside(p) && events.length < limit; p += step) {
    const event = population.event(population.serialAt(p));
    if (!filter || filter(event)) events.push(event);
  }
  let more = inside(p);
  if (more && filter) {
    more = false;
    for (; inside(p); p += step) {
      if (filter(population.event(population.serialAt(p)))) {
        more = true;
        break;
      }
    }
  }
  const lastEvent = events[events.length - 1];
  return { events, more, last: lastEvent ? { ms: lastEvent.ms, serial: lastEvent.serial } : null };
}

/** The serials of the window's (matching) events, in time order, as of now. */
export function snapshot(population: Population, window: Window, filter?: (event: TenantEvent) => boolean): Uint32Array {
  const lo = population.lowerBound(window.fromMs);
  const hi = population.lowerBound(window.toMs);
  const serials = new Uint32Array(Math.max(0, hi - lo));
  let n = 0;
  for (let p = lo; p < hi; p++) {
    const serial = population.serialAt(p);
    if (!filter || filter(population.event(serial))) serials[n++] = serial;
  }
  return serials.subarray(0, n);
}

const BATCH = 256;

/** Renders a snapshot a batch of events at a time, telling `served` about each event. */
export function* renderSnapshot(
  population: Population,
  serials: Uint32Array,
  render: (event: TenantEvent, index: number) => string,
  served: (event: TenantEvent) => void,
): Generator<string> {
  let piece = '';
  for (let i = 0; i < serials.length; i++) {
    const event = population.event(serials[i]!);
    served(event);
    piece += render(event, i);
    if ((i + 1) % BATCH === 0) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/** Several bodies as one, lazily. */
export function* concat(...parts: Iterable<string>[]): Generator<string> {
  for (const part of parts) yield* part;
}
