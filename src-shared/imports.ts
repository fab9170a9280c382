/** What an import reports per file and in total (the CLI's `--json` shape, issue "Ingest"). */
import { z } from 'zod';

export const IMPORT_FORMATS = ['auto', 'file-export-ndjson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const importStartSchema = z
  .object({
    paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
    format: z.enum(IMPORT_FORMATS).default('auto'),
  })
  .strict();
export type ImportStartRequest = z.input<typeof importStartSchema>;

export const rejectionSchema = z.object({ line: z.number().int(), reason: z.string() });
export type Rejection = z.infer<typeof rejectionSchema>;

export const fileImportResultSchema = z.object({
  path: z.string(),
  format: z.string(),
  platform: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  read: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  /** the first rejections (all of them are kept in the quarantine table) */
  errors: z.array(rejectionSchema),
  /** why the file could not be read at all (nothing was stored from it), else null */
  failure: z.string().nullable(),
});
export type FileImportResult = z.infer<typeof fileImportResultSchema>;

export const importResultSchema = z.object({
  files: z.array(fileImportResultSchema),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
