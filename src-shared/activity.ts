/** The workstation's own hash-chained log (DESIGN.md, "What the workstation records about itself"). */
import { z } from 'zod';

export const ACTIVITY_ACTIONS = [
  'engagement.created',
  'engagement.opened',
  'engagement.closed',
  'import.completed',
  'import.cancelled',
  'import.failed',
  'import.interrupted',
  'indexes.rebuilt',
  'demo.generated',
  'profile.saved',
  'source.added',
  'source.removed',
  'sync.completed',
  'sync.failed',
  'sync.cancelled',
  'activity.verified',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export const activityEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const chainVerdictSchema = z.discriminatedUnion('chain', [
  z.object({ chain: z.literal('intact'), entries: z.number().int() }),
  z.object({
    chain: z.literal('broken'),
    entries: z.number().int(),
    firstBroken: z.object({ seq: z.number().int(), reason: z.string() }),
  }),
]);
export type ChainVerdict = z.infer<typeof chainVerdictSchema>;
