/**
 * One contract, three transports (DESIGN.md, "Processes"): every request the UI can make is a
 * channel here with a request schema and a response schema. Electron IPC, the CLI and the
 * browser harness all go through the same `dispatch(channel, request)`, which checks the
 * request against its schema before any handler runs.
 */
import { z } from 'zod';
import { PUBLIC_CHANNELS, type PublicChannel } from './channels';
import { chainVerdictSchema, activityEntrySchema } from './activity';
import {
  engagementCreateSchema,
  engagementOpenSchema,
  engagementSummarySchema,
  recentEngagementSchema,
} from './engagement';
import { eventDetailSchema } from './event';
import { importRecordSchema, importStartSchema, inspectedFileSchema, inspectRequestSchema, quarantineItemSchema } from './imports';
import { mappingProfileSchema } from './mappingProfile';
import { sourceAddSchema, sourceSummarySchema } from './sources';
import { jobSchema } from './jobs';
import {
  coverageSchema,
  dashboardRequestSchema,
  dashboardSchema,
  eventCountSchema,
  eventDistinctRequestSchema,
  eventDistinctSchema,
  eventFilterSchema,
  eventPageRequestSchema,
  eventPageSchema,
  eventStatsSchema,
  eventWindowRequestSchema,
  eventWindowSchema,
  exportStartSchema,
  histogramRequestSchema,
  histogramSchema,
  savedViewSchema,
  viewStateSchema,
} from './query';

const empty = z.object({}).strict();
const jobId = z.object({ id: z.string().min(1).max(100) }).strict();

export const contract = {
  'app.info': {
    request: empty,
    response: z.object({
      name: z.string(),
      version: z.string(),
      transport: z.enum(['electron', 'harness', 'cli', 'test']),
      /** where new engagement folders are suggested */
      engagementsRoot: z.string(),
    }),
  },
  'engagement.recent': {
    request: empty,
    response: z.object({ items: z.array(recentEngagementSchema) }),
  },
  'engagement.create': { request: engagementCreateSchema, response: engagementSummarySchema },
  'engagement.open': { request: engagementOpenSchema, response: engagementSummarySchema },
  'engagement.close': { request: empty, response: z.object({ closed: z.boolean() }) },
  'engagement.current': { request: empty, response: engagementSummarySchema.nullable() },
  'import.start': { request: importStartSchema, response: jobSchema },
  'import.inspect': { request: inspectRequestSchema, response: z.object({ files: z.array(inspectedFileSchema) }) },
  'import.platforms': { request: empty, response: z.object({ platforms: z.array(z.object({ id: z.string(), name: z.string() })) }) },
  'imports.list': { request: empty, response: z.object({ imports: z.array(importRecordSchema) }) },
  'imports.quarantine': {
    request: z
      .object({ importId: z.number().int(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) })
      .strict(),
    response: z.object({ total: z.number().int(), items: z.array(quarantineItemSchema) }),
  },
  'profiles.list': {
    request: empty,
    response: z.object({ profiles: z.array(z.object({ name: z.string(), updatedAt: z.string(), profile: mappingProfileSchema })) }),
  },
  'profiles.save': { request: z.object({ profile: mappingProfileSchema }).strict(), response: z.object({ name: z.string() }) },
  'profiles.suggest': {
    request: z.object({ header: z.array(z.string().max(500)).max(2000).optional(), sample: z.unknown().optional() }).strict(),
    response: z.object({ fields: z.record(z.string(), z.string()), missing: z.array(z.string()) }),
  },
  'sources.list': { request: empty, response: z.object({ sources: z.array(sourceSummarySchema) }) },
  'sources.add': { request: sourceAddSchema, response: sourceSummarySchema },
  'sources.remove': { request: z.object({ name: z.string().min(1).max(100) }).strict(), response: z.object({ removed: z.boolean() }) },
  'sources.test': { request: z.object({ name: z.string().min(1).max(100) }).strict(), response: z.object({ message: z.string() }) },
  'sync.start': {
    request: z.object({ names: z.array(z.string().min(1).max(100)).max(100).default([]) }).strict(),
    response: jobSchema,
  },
  'jobs.get': { request: jobId, response: jobSchema },
  'jobs.list': { request: empty, response: z.object({ jobs: z.array(jobSchema) }) },
  'jobs.cancel': { request: jobId, response: jobSchema },
  'events.page': { request: eventPageRequestSchema, response: eventPageSchema },
  'events.get': {
    request: z.object({ uid: z.string().min(1).max(200) }).strict(),
    response: eventDetailSchema,
  },
  'events.stats': {
    request: z.object({ filter: eventFilterSchema.default({}) }).strict(),
    response: eventStatsSchema,
  },
  'events.count': { request: z.object({ filter: eventFilterSchema.default({}) }).strict(), response: eventCountSchema },
  'events.window': { request: eventWindowRequestSchema, response: eventWindowSchema },
  'events.distinct': { request: eventDistinctRequestSchema, response: eventDistinctSchema },
  'dashboard.summary': { request: dashboardRequestSchema, response: dashboardSchema },
  'dashboard.histogram': { request: histogramRequestSchema, response: histogramSchema },
  'dashboard.coverage': { request: empty, response: coverageSchema },
  'views.list': { request: empty, response: z.object({ views: z.array(savedViewSchema) }) },
  'views.save': { request: z.object({ name: z.string().trim().min(1).max(100), state: viewStateSchema }).strict(), response: savedViewSchema },
  'views.remove': { request: z.object({ name: z.string().min(1).max(100) }).strict(), response: z.object({ removed: z.boolean() }) },
  'export.start': { request: exportStartSchema, response: jobSchema },
  'activity.list': {
    request: z
      .object({ limit: z.number().int().min(1).max(100_000).default(1000) })
      .strict()
      .default({ limit: 1000 }),
    response: z.object({ entries: z.array(activityEntrySchema), total: z.number().int() }),
  },
  'activity.verify': { request: empty, response: chainVerdictSchema },
} as const satisfies Record<PublicChannel, { request: z.ZodType; response: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller sends (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Events pushed from the engine to every transport. */
export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: jobSchema }),
  z.object({ type: z.literal('engagement'), open: z.boolean() }),
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;

// The preload's list and the contract must name the same channels.
const contractKeys = Object.keys(contract).sort().join(',');
if (contractKeys !== [...PUBLIC_CHANNELS].sort().join(',')) {
  throw new Error('src-shared/channels.ts and src-shared/contract.ts disagree');
}
