/** Sync sources as the contract carries them. A credential goes in; only a hint ever comes out. */
import { z } from 'zod';

export const SOURCE_KIND_NAMES = ['export-job', 'pull', 'okta', 'github'] as const;

const url = z.string().url().max(2000);

export const sourceCredentialSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('token'), token: z.string().min(1).max(10_000) }).strict(),
  z
    .object({
      type: z.literal('oauth-client'),
      clientId: z.string().min(1).max(1000),
      clientSecret: z.string().min(1).max(10_000),
      tokenUrl: url,
      scope: z.string().max(1000).optional(),
    })
    .strict(),
]);

export const sourceAddSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(SOURCE_KIND_NAMES),
    baseUrl: url,
    credential: sourceCredentialSchema,
    proxy: url.nullable().default(null),
    options: z.record(z.string().max(100), z.string().max(2000)).default({}),
    intervalMinutes: z.number().int().min(5).max(24 * 60).nullable().default(null),
  })
  .strict();
export type SourceAddRequest = z.input<typeof sourceAddSchema>;

export const sourceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SOURCE_KIND_NAMES),
  baseUrl: z.string(),
  proxy: z.string().nullable(),
  options: z.record(z.string(), z.string()),
  /** e.g. "token …a1b2" — never the credential itself */
  credentialHint: z.string(),
  intervalMinutes: z.number().int().nullable(),
  coveredFrom: z.string().nullable(),
  coveredTo: z.string().nullable(),
  /** where the tenant's retention cut the window short, if it did */
  clampedFrom: z.string().nullable(),
  eventsPulled: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type SourceSummary = z.infer<typeof sourceSummarySchema>;

export const syncSourceResultSchema = z.object({
  source: z.string(),
  status: z.enum(['COMPLETED', 'FAILED', 'CANCELLED']),
  pulled: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  windowFrom: z.string().nullable(),
  windowTo: z.string().nullable(),
  clampedFrom: z.string().nullable(),
  error: z.string().nullable(),
});
export type SyncSourceResult = z.infer<typeof syncSourceResultSchema>;
export const syncResultSchema = z.object({ sources: z.array(syncSourceResultSchema) });
export type SyncResult = z.infer<typeof syncResultSchema>;
