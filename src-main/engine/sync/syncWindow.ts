/**
 * Where a run starts and how far each page lets the cursor move (issue "Sync", Behaviour).
 *
 * A cursor is `{ to: ISO-8601 with microseconds }`: every event up to `to` is stored. A run
 * starts at `to − overlap` (late-arriving events are re-read; the store drops duplicates by
 * event identity) or, on a first sync, at the engagement period's start.
 *
 * The cursor is a watermark: the newest event stored, never later than the window asked for.
 * A tenant's log pipeline delivers events late relative to their own time stamps, so the
 * newest event seen — not the wall clock at the end of the window — is where the next run's
 * overlap must reach back from (a quiet or stalled tenant would otherwise let late events
 * fall behind the cursor). The window a page covers (`covered.to`) is still the window's end.
 *
 * An earlier page of a window moves the cursor only when the API returns events oldest first
 * (Okta `sortOrder=ASCENDING`, GitHub `order=asc`) and every event seen so far was in that
 * order; otherwise only the last page does, so a crash between pages re-reads the window
 * instead of skipping part of it. The cursor never moves backwards.
 */
import { formatMicros, parseInstant } from '../../../src-shared/time';
import type { ConnectorRun, FetchedPage } from './connector';

export interface SyncCursor {
  to: string;
}

/** The stored cursor's position in UTC microseconds, or null for none (or one this code never wrote). */
export function cursorMicros(cursor: unknown): number | null {
  if (cursor === null || typeof cursor !== 'object') return null;
  const to = (cursor as Record<string, unknown>)['to'];
  if (typeof to !== 'string') return null;
  return parseInstant(to)?.micros ?? null;
}

export function cursorAt(micros: number): SyncCursor {
  return { to: formatMicros(micros) };
}

/** Where this run starts reading. */
export function windowStart(run: Pick<ConnectorRun, 'cursor' | 'defaultFrom' | 'overlapMicros'>): number {
  const at = cursorMicros(run.cursor);
  return at === null ? run.defaultFrom : Math.max(0, at - Math.max(0, run.overlapMicros));
}

/** ISO 8601 with millisecond precision, rounded down (Okta's and most APIs' resolution). */
export function isoMillis(micros: number, round: 'down' | 'up' = 'down'): string {
  const ms = round === 'down' ? Math.floor(micros / 1000) : Math.ceil(micros / 1000);
  return new Date(ms).toISOString();
}

/** ISO 8601 to the second, rounded down, with a numeric offset (GitHub search qualifiers). */
export function isoSeconds(micros: number): string {
  return `${new Date(Math.floor(micros / 1_000_000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

export class Coverage {
  private position: number | null;
  private priorCursor: unknown;
  private inOrder = true;
  /** the newest time in arrival order (for the order check) and the newest of all */
  private last = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private coveredTo: number;
  private clamped: number | undefined;

  /**
   * @param from where this run's window starts
   * @param ordered the API promises oldest-first order across pages
   * @param until the run's end, beyond which the cursor does not move
   */
  constructor(
    private readonly from: number,
    run: Pick<ConnectorRun, 'cursor'>,
    private readonly ordered: boolean,
    private readonly until: number,
  ) {
    this.priorCursor = run.cursor;
    this.position = cursorMicros(run.cursor);
    this.coveredTo = from;
  }

  /** Notes a record's time (null when it has none readable: order can no longer be relied on). */
  observe(micros: number | null): void {
    if (micros === null || micros < this.last) this.inOrder = false;
    else this.last = micros;
    if (micros !== null && micros > this.newest) this.newest = micros;
  }

  /** The server covered less than asked: the window really starts at `micros`. */
  clampFrom(micros: number): void {
    if (micros > this.from) this.clamped = Math.max(this.clamped ?? micros, micros);
  }

  get clampedFrom(): number | undefined {
    return this.clamped;
  }

  /** A page of `records`; `end` is the window end it completes, or undefined for a page in the middle. */
  page(records: FetchedPage['records'], platform: string, end?: number): FetchedPage {
    const provable = end !== undefined || (this.ordered && this.inOrder);
    if (provable && Number.isFinite(this.newest)) this.advance(Math.min(this.newest, end ?? this.until));
    if (end !== undefined) this.coveredTo = Math.max(this.coveredTo, end);
    else if (provable && Number.isFinite(this.last)) this.coveredTo = Math.max(this.coveredTo, Math.min(this.last, this.until));
    return this.sidePage(records, platform);
  }

  /** A page outside the window (a roster snapshot): the cursor and coverage stay as they are. */
  sidePage(records: FetchedPage['records'], platform: string): FetchedPage {
    const from = this.clamped ?? this.from;
    const page: FetchedPage = { records, platform, cursor: this.priorCursor, covered: { from, to: Math.max(from, this.coveredTo) } };
    if (this.clamped !== undefined) page.clampedFrom = this.clamped;
    return page;
  }

  private advance(target: number): void {
    if (this.position !== null && target <= this.position) return;
    this.position = target;
    this.priorCursor = cursorAt(target);
  }
}
