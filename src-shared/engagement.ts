/** An engagement is one client, one period, one folder (DESIGN.md, "Engagements"). */
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** Passphrases are never logged; the minimum length is the only rule the engine imposes. */
export const passphraseSchema = z.string().min(8, 'use at least 8 characters').max(1024);

export const engagementCreateSchema = z
  .object({
    folder: z.string().min(1).max(4096),
    name: z.string().trim().min(1).max(200),
    periodFrom: day,
    periodTo: day,
    timeZone: z.string().min(1).max(64),
    passphrase: passphraseSchema,
    remember: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.periodFrom <= v.periodTo, {
    message: 'the period must end on or after it starts',
    path: ['periodTo'],
  });
export type EngagementCreateRequest = z.input<typeof engagementCreateSchema>;

export const engagementOpenSchema = z
  .object({
    folder: z.string().min(1).max(4096),
    /** omitted: use the key remembered by this computer's keychain, if any */
    passphrase: z.string().max(1024).optional(),
    remember: z.boolean().default(false),
  })
  .strict();
export type EngagementOpenRequest = z.input<typeof engagementOpenSchema>;

export const engagementSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  folder: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
  eventCount: z.number().int(),
  remembered: z.boolean(),
});
export type EngagementSummary = z.infer<typeof engagementSummarySchema>;

export const recentEngagementSchema = z.object({
  id: z.string(),
  name: z.string(),
  folder: z.string(),
  lastOpenedAt: z.string(),
  remembered: z.boolean(),
});
export type RecentEngagement = z.infer<typeof recentEngagementSchema>;
