/** Long work (import, sync, report, pack) is a job with status, progress and a result. */
import { z } from 'zod';
import { appErrorSchema } from './errors';

export const JOB_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `indexes`: the derived state a crash left behind, brought up to date after an engagement opens. */
export const JOB_KINDS = ['import', 'demo', 'sync', 'export', 'indexes'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const jobProgressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  /** what done/total count: an import reads bytes, a generator counts events, an index build its steps */
  unit: z.enum(['bytes', 'events', 'rows', 'steps']),
  /** events per second over the job so far (whatever the unit of done/total) */
  rate: z.number(),
  /** what is being worked on, e.g. the file name */
  detail: z.string().nullable(),
  /**
   * The phase that follows this one, when the job knows it (an import that builds the browse
   * indexes after storing the events): a time left for this phase is not the job's. Cleared
   * when the phase changes, unless the update names the next one again.
   */
  next: z.string().nullable().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  status: z.enum(JOB_STATUSES),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: jobProgressSchema,
  error: appErrorSchema.nullable(),
  result: z.unknown(),
});
export type Job = z.infer<typeof jobSchema>;

export function isFinished(status: JobStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
}
