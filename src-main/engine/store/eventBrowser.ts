/**
 * Positional access for the virtualised grid: the exact count of a filter and rows
 * [offset, offset + limit) of its result in either order, over results of millions of rows.
 *
 * Per filter (a small LRU, keyed by the filter's canonical form) the browser keeps the plan,
 * the count once asked, and sparse checkpoints: the (occurred_at, id) key of the row at every
 * CHECKPOINT_EVERY-th position, per order. A window seeks to the checkpoint at or before its
 * offset (an index seek) and skips fewer than CHECKPOINT_EVERY rows inside SQLite. Offset 0
 * needs no checkpoint; a jump further out first extends the checkpoints up to it, each step a
 * `LIMIT 1 OFFSET K` walk in SQLite, so a filter's checkpoints cost at most one pass over its
 * result, spread over the jumps that need them.
 *
 * Events are only ever appended, so the newest event id, the search index watermark and the
 * schema version (store/filterPlan.ts PlanContext.generation) identify what a cached count or
 * checkpoint describes: any import, sync or index rebuild changes it, and stale entries are
 * dropped at their next use.
 */
import type { EventFilter, EventWindow } from '../../../src-shared/query';
import { canonicalJson } from '../../../src-shared/canonicalJson';
import type { Db } from './database';
import { rowsForKeys } from './eventQueries';
import { normalizeFilter, type NormalizedFilter } from './filterSql';
import { countPlan, planContext, planFilter, readKeys, type Key, type Order, type Plan } from './filterPlan';
import { countFacetFilter, isFacetOnly } from './rollupQueries';

/** Rows between checkpoints: a window skips fewer than this many rows from its checkpoint. */
const CHECKPOINT_EVERY = 8192;
/** Filters whose plan, count and checkpoints are kept (a few recent filters and their orders). */
const CACHED_FILTERS = 8;
/**
 * Up to this many rows from a walk's start count as "first rows": a very common search word
 * is then checked one rowid at a time, which is cheap for a page and ruinous for a long skip.
 */
const FIRST_ROWS = 1000;

interface Checkpoint {
  position: number;
  key: Key;
}

interface Entry {
  generation: string;
  filter: NormalizedFilter;
  plan: Plan;
  count: number | null;
  /** ascending positions, multiples of the checkpoint spacing; position 0 is the walk's start (no key needed) */
  checkpoints: Record<Order, Checkpoint[]>;
}

/** Order-insensitive lists sort, so equal filters share an entry. */
function cacheKey(filter: NormalizedFilter): string {
  const sorted = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, Array.isArray(v) ? [...(v as (string | number)[])].sort() : v]));
  return canonicalJson(sorted);
}

export class EventBrowser {
  private readonly entries = new Map<string, Entry>();

  /** `checkpointEvery` is smaller in tests, so a few hundred rows cross many checkpoints. */
  constructor(
    private readonly db: Db,
    private readonly checkpointEvery = CHECKPOINT_EVERY,
  ) {}

  /** Facet-and-time filters are counted from the day rollup; the others by walking their plan. */
  count(filter: EventFilter): number {
    const entry = this.entry(filter);
    entry.count ??= isFacetOnly(entry.filter) ? countFacetFilter(this.db, planContext(this.db), entry.filter) : countPlan(this.db, entry.plan);
    return entry.count;
  }

  window(filter: EventFilter, order: Order, offset: number, limit: number): EventWindow {
    const entry = this.entry(filter);
    if (entry.count !== null && offset >= entry.count) return { offset, rows: [] };
    const start = this.checkpointFor(entry, order, offset);
    const skip = offset - (start?.position ?? 0);
    const keys = readKeys(this.db, entry.plan, {
      order,
      bound: start ? { key: start.key, inclusive: true } : null,
      offset: skip,
      limit,
      firstRows: skip + limit <= FIRST_ROWS,
    });
    return { offset, rows: rowsForKeys(this.db, keys) };
  }

  /** The entry of a filter for the current generation (a stale one is replaced), most recent last. */
  private entry(filter: EventFilter): Entry {
    const normalized = normalizeFilter(filter);
    const ctx = planContext(this.db);
    const key = cacheKey(normalized);
    let entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || entry.generation !== ctx.generation) {
      entry = { generation: ctx.generation, filter: normalized, plan: planFilter(ctx, normalized), count: null, checkpoints: { desc: [], asc: [] } };
    }
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= CACHED_FILTERS) break;
      this.entries.delete(oldest);
    }
    return entry;
  }

  /**
   * The nearest checkpoint at or before `offset` (null: the start), extending the checkpoints
   * of this order up to the offset first. Reaching the end on the way fixes the count.
   */
  private checkpointFor(entry: Entry, order: Order, offset: number): Checkpoint | null {
    const checkpoints = entry.checkpoints[order];
    let last = checkpoints.at(-1) ?? null;
    while ((last?.position ?? 0) + this.checkpointEvery <= offset) {
      const from = last?.position ?? 0;
      const [next] = readKeys(this.db, entry.plan, {
        order,
        bound: last ? { key: last.key, inclusive: true } : null,
        offset: this.checkpointEvery,
        limit: 1,
        firstRows: false,
      });
      if (!next) break;
      last = { position: from + this.checkpointEvery, key: next };
      checkpoints.push(last);
    }
    // checkpoints[i] is at position (i + 1) * checkpointEvery
    const index = Math.min(Math.floor(offset / this.checkpointEvery), checkpoints.length) - 1;
    return checkpoints[index] ?? null;
  }
}

const browsers = new WeakMap<Db, EventBrowser>();

/** The browser of an open database handle: a reopened engagement starts with an empty cache. */
export function browserFor(db: Db): EventBrowser {
  let browser = browsers.get(db);
  if (!browser) {
    browser = new EventBrowser(db);
    browsers.set(db, browser);
  }
  return browser;
}
