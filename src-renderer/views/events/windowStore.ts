/**
 * The grid's rows, fetched by position (`events.window`) in fixed blocks and kept in a small
 * LRU, so any part of a 10 M-row result costs a couple of requests and memory stays bounded.
 *
 * Plain TypeScript with the fetch injected (tested without a DOM). Each query (filter + order +
 * data version) is a generation: answers for an older generation are dropped, and only the
 * blocks the viewport needs *now* wait in the queue — dragging the scrollbar across a million
 * rows does not leave a trail of requests to serve first.
 */
import type { EventRow } from '../../../src-shared/event';
import type { EventFilter, SortOrder } from '../../../src-shared/query';

export const BLOCK_ROWS = 200;
const DEFAULT_CAPACITY = 64;
const DEFAULT_IN_FLIGHT = 3;

export interface WindowQuery {
  filter: EventFilter;
  order: SortOrder;
}

export type FetchWindow = (request: { filter: EventFilter; order: SortOrder; offset: number; limit: number }) => Promise<{ rows: EventRow[] }>;

/** Block indices that cover rows [first, end). */
export function blocksFor(first: number, end: number, blockRows = BLOCK_ROWS): number[] {
  if (end <= first) return [];
  const blocks: number[] = [];
  for (let block = Math.floor(first / blockRows); block * blockRows < end; block++) blocks.push(block);
  return blocks;
}

/** A Map in recency order: `touch` moves a key to the newest end, inserts evict the oldest. */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  touch(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, value);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface WindowStoreOptions {
  blockRows?: number;
  /** blocks kept */
  capacity?: number;
  /** concurrent `events.window` requests */
  maxInFlight?: number;
}

export class EventWindowStore {
  readonly blockRows: number;
  private readonly maxInFlight: number;
  private readonly blocks: LruMap<number, EventRow[]>;
  private readonly inFlight = new Set<number>();
  private readonly failed = new Set<number>();
  private queue: number[] = [];
  private query: WindowQuery | null = null;
  private queryKey = '';
  private generation = 0;
  private revision = 0;
  private error: unknown = null;
  /** rows in the result, once a block came back short (before events.count answers) */
  private knownEnd: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fetchWindow: FetchWindow,
    options: WindowStoreOptions = {},
  ) {
    this.blockRows = options.blockRows ?? BLOCK_ROWS;
    this.maxInFlight = options.maxInFlight ?? DEFAULT_IN_FLIGHT;
    this.blocks = new LruMap(options.capacity ?? DEFAULT_CAPACITY);
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever a row, the error or the known end changes. */
  getRevision = (): number => this.revision;

  /** Switches to another query (`key` names it, data version included); drops everything of the old one. */
  setQuery(key: string, query: WindowQuery): void {
    if (key === this.queryKey) return;
    this.queryKey = key;
    this.query = query;
    this.generation += 1;
    this.blocks.clear();
    this.inFlight.clear();
    this.failed.clear();
    this.queue = [];
    this.error = null;
    this.knownEnd = null;
    this.changed();
  }

  /** Asks for rows [first, end): missing blocks are queued, most urgent first, replacing older wants. */
  want(first: number, end: number): void {
    const needed = blocksFor(first, end, this.blockRows);
    for (const block of needed) this.blocks.touch(block);
    this.queue = needed.filter((block) => !this.blocks.has(block) && !this.inFlight.has(block) && !this.failed.has(block));
    this.pump();
  }

  row(index: number): EventRow | undefined {
    return this.blocks.peek(Math.floor(index / this.blockRows))?.[index % this.blockRows];
  }

  /** The last `events.window` failure of this query, if any. */
  lastError(): unknown {
    return this.error;
  }

  /** Rows in the result, when a short block has told. */
  resultEnd(): number | null {
    return this.knownEnd;
  }

  /** Rows fetched so far from the top, contiguous (what the grid may show before the count). */
  loadedFromTop(): number {
    let rows = 0;
    for (let block = 0; ; block++) {
      const found = this.blocks.peek(block);
      if (!found) return rows;
      rows += found.length;
      if (found.length < this.blockRows) return rows;
    }
  }

  /** Forgets failures so the next `want` asks again. */
  retry(): void {
    this.failed.clear();
    this.error = null;
    this.changed();
  }

  private pump(): void {
    const query = this.query;
    if (!query) return;
    while (this.inFlight.size < this.maxInFlight && this.queue.length > 0) {
      const block = this.queue.shift();
      if (block === undefined) break;
      this.inFlight.add(block);
      void this.load(block, query, this.generation);
    }
  }

  private async load(block: number, query: WindowQuery, generation: number): Promise<void> {
    const offset = block * this.blockRows;
    try {
      const answer = await this.fetchWindow({ filter: query.filter, order: query.order, offset, limit: this.blockRows });
      if (generation !== this.generation) return;
      this.blocks.set(block, answer.rows);
      if (answer.rows.length < this.blockRows) this.knownEnd = offset + answer.rows.length;
    } catch (caught) {
      if (generation !== this.generation) return;
      this.failed.add(block);
      this.error = caught;
    } finally {
      if (generation === this.generation) {
        this.inFlight.delete(block);
        this.changed();
        this.pump();
      }
    }
  }

  private changed(): void {
    this.revision += 1;
    for (const listener of this.listeners) listener();
  }
}
