/** What the engagement view says about the index repair a crash made necessary (job kind `indexes`). */
import type { Job } from '../../src-shared/jobs';
import { formatCount } from '../format';

export interface RepairNotice {
  tone: 'working' | 'done' | 'failed';
  text: string;
  /** of the current phase, while working and its total is known */
  percent: number | null;
}

interface RepairResult {
  indexes: string[];
  searchable: number;
  complete: boolean;
}

function isRepairResult(value: unknown): value is RepairResult {
  const r = value as Partial<RepairResult> | null;
  return !!r && Array.isArray(r.indexes) && typeof r.searchable === 'number' && typeof r.complete === 'boolean';
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function repairNotice(job: Job): RepairNotice {
  const { progress } = job;
  if (job.status === 'PENDING' || job.status === 'RUNNING') {
    const percent = progress.total ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : null;
    return {
      tone: 'working',
      percent,
      text:
        'An import was interrupted when this engagement was last open. Bringing its indexes up to date' +
        (progress.detail ? ` (${progress.detail})` : '') +
        '. The event list stays complete meanwhile but may be slow, and imports and syncs wait, until this has finished.',
    };
  }
  if (job.status === 'COMPLETED' && isRepairResult(job.result) && job.result.complete) {
    const parts = [
      job.result.indexes.length > 0 ? `rebuilt ${plural(job.result.indexes.length, 'browse index', 'browse indexes')}` : null,
      job.result.searchable > 0 ? `made ${plural(job.result.searchable, 'event', 'events')} searchable` : null,
    ].filter((part) => part !== null);
    return { tone: 'done', percent: null, text: `Indexes are up to date after the interrupted import${parts.length > 0 ? `: ${parts.join(', ')}` : ''}. Recorded in the activity log.` };
  }
  const reason = job.error ? `: ${job.error.message}` : '';
  return {
    tone: 'failed',
    percent: null,
    text: `The indexes could not be brought up to date${reason}. The event list stays complete but may be slow; this is tried again the next time the engagement is opened.`,
  };
}
