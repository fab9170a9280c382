/**
 * What a crash or a kill can leave behind in the derived state of an engagement, brought up to
 * date by a job (kind `indexes`) in the lane of the jobs that store events, so opening never
 * waits for it and no event is stored while it runs:
 *   - the search index behind the newest events (it is filled after each batch is committed,
 *     so by at most one batch): a search would miss them, so it is caught up first;
 *   - the browse indexes a bulk import had stopped maintaining: each is rebuilt from its
 *     watermark (minutes for millions of events). Until one is back the browser plans without
 *     it, so pages stay correct, only slower;
 *   - the dashboard rollups (readers catch them up too; kept here so the first one is quick).
 */
import { useBulkCache, type Db } from '../store/database';
import { appendActivity } from '../activity/activityLog';
import { buildSecondaryIndexes, catchUpSearchIndex, ftsWatermark, maxEventId, missingSecondaryIndexes } from '../store/eventIndexes';
import { catchUpRollups, rollupWatermark } from '../store/rollups';
import type { JobControl } from '../jobs/jobRunner';

export interface RepairResult {
  /** the browse indexes put back in place */
  indexes: string[];
  /** events added to the search index */
  searchable: number;
  /** false when cancelled (closing the engagement cancels it): the next open goes on */
  complete: boolean;
}

/** Whether an engagement just opened has derived state to bring up to date. */
export function needsRepair(db: Db): boolean {
  const max = maxEventId(db);
  return missingSecondaryIndexes(db).length > 0 || ftsWatermark(db) < max || rollupWatermark(db) < max;
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function repairIndexes(db: Db, control: JobControl, indexWorkerPath: string | null = null): Promise<RepairResult> {
  const result: RepairResult = { indexes: [], searchable: 0, complete: false };
  if (control.signal.aborted) return result;
  const restoreCache = useBulkCache(db);
  try {
    await repair(db, control, result, indexWorkerPath);
  } finally {
    restoreCache();
  }
  return result;
}

async function repair(db: Db, control: JobControl, result: RepairResult, indexWorkerPath: string | null): Promise<void> {
  const caughtUp = await catchUpDerivedState(db, control, { build: true, signal: control.signal, indexWorkerPath });
  result.searchable = caughtUp.searchable;
  result.indexes = caughtUp.indexes;
  if (result.indexes.length > 0) appendActivity(db, 'indexes.rebuilt', { indexes: result.indexes });
  result.complete = !control.signal.aborted && missingSecondaryIndexes(db).length === 0;
}

/**
 * Brings what is derived from the events up to date, reporting progress in phase `indexing`
 * and yielding between steps: the search index, the missing browse indexes (when `build`; a
 * `signal` stops the build at its next step and skips what follows; half of it runs in the
 * helper `indexWorkerPath` when given), the dashboard rollups.
 * The end of every import and the repair after a crash.
 */
export async function catchUpDerivedState(db: Db, control: JobControl, options: { build: boolean; signal?: AbortSignal; indexWorkerPath?: string | null }): Promise<{ searchable: number; indexes: string[] }> {
  control.progress({ phase: 'indexing', detail: 'search index', done: 0, total: null, unit: 'events' });
  const searchable = await catchUpSearchIndex(db, async (done, total) => {
    control.progress({ done, total, events: done });
    await yieldTurn();
  });
  let indexes: string[] = [];
  if (options.signal?.aborted) return { searchable, indexes };
  if (options.build) {
    control.progress({ phase: 'indexing', detail: 'browse indexes', done: 0, total: null, unit: 'steps' });
    indexes = await buildSecondaryIndexes(
      db,
      async ({ done, total, detail }) => {
        control.progress({ detail: `browse indexes: ${detail}`, done, total });
        await yieldTurn();
      },
      { ...(options.signal ? { signal: options.signal } : {}), helper: options.indexWorkerPath ? { workerPath: options.indexWorkerPath } : null },
    );
    if (options.signal?.aborted) return { searchable, indexes };
  }
  // The dashboard's per-day rollups, from their own watermark, so its first call stays fast.
  control.progress({ phase: 'indexing', detail: 'dashboard rollups', done: 0, total: null, unit: 'events' });
  await catchUpRollups(db, async (done, total) => {
    control.progress({ done, total });
    await yieldTurn();
  });
  return { searchable, indexes };
}
