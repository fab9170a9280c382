/** What an import reports per file and in total (the CLI's `--json` shape, issue "Ingest"). */
import { z } from 'zod';

/** Text formats a reader can be told to use instead of detecting one ('auto'). */
export const IMPORT_FORMATS = ['auto', 'ndjson', 'json', 'csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const importFileRequestSchema = z
  .object({
    path: z.string().min(1).max(4096),
    format: z.enum(IMPORT_FORMATS).default('auto'),
    /** a platform id (e.g. 'okta') instead of detecting it */
    platform: z.string().max(100).optional(),
    /** a saved column-mapping profile, by name, for exports from an unknown tenant */
    profile: z.string().max(200).optional(),
  })
  .strict();
export type ImportFileRequest = z.input<typeof importFileRequestSchema>;

export const importStartSchema = z
  .object({
    /** plain paths (everything detected), or per-file choices made before starting */
    paths: z.array(z.string().min(1).max(4096)).max(10_000).default([]),
    files: z.array(importFileRequestSchema).max(10_000).default([]),
    format: z.enum(IMPORT_FORMATS).default('auto'),
  })
  .strict()
  .refine((v) => v.paths.length + v.files.length > 0, { message: 'name at least one file', path: ['paths'] });
export type ImportStartRequest = z.input<typeof importStartSchema>;

/** One part of an imported file (a zip entry, or the file itself) and what it was read as. */
export const importPartSchema = z.object({ part: z.string().nullable(), format: z.string(), platform: z.string().nullable() });

export const rejectionSchema = z.object({
  /** the zip entry (or inner gzip name) the record came from; null for the file itself */
  part: z.string().nullable(),
  line: z.number().int(),
  reason: z.string(),
});
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
  /** events whose source time carried no zone (read as UTC, flagged) */
  unzoned: z.number().int(),
  /** credential-roster rows stored (product doc 002) */
  credentials: z.number().int(),
  /** per part: what was read and which platform it was recognised as */
  parts: z.array(importPartSchema),
  /** the import's id (its quarantine is listed by it) */
  importId: z.number().int().nullable(),
  /** the first rejections (all of them are kept in the quarantine table) */
  errors: z.array(rejectionSchema),
  /**
   * why the file could not be read to its end, else null: with `read` 0 nothing was stored
   * from it; otherwise what was read before the failure was stored (the counts say what)
   */
  failure: z.string().nullable(),
});
export type FileImportResult = z.infer<typeof fileImportResultSchema>;

/**
 * How a file's import ended: read to its end, not imported (it failed before any record was
 * read), or stopped part-way (what was read before the failure is stored). The CLI and the
 * app's summary word their reports from this.
 */
export function fileOutcome(file: Pick<FileImportResult, 'failure' | 'read'>): 'read' | 'not-imported' | 'stopped' {
  if (file.failure === null) return 'read';
  return file.read === 0 ? 'not-imported' : 'stopped';
}

export const importResultSchema = z.object({
  files: z.array(fileImportResultSchema),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const inspectRequestSchema = z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict();

/** What the Import view shows before starting: per file and part, what was recognised. */
export const inspectedFileSchema = z.object({
  path: z.string(),
  size: z.number().int(),
  /** why the file cannot be imported as it is, else null */
  problem: z.string().nullable(),
  parts: z.array(
    z.object({
      part: z.string().nullable(),
      format: z.string(),
      platform: z.string().nullable(),
      platformName: z.string().nullable(),
      score: z.number(),
      /** CSV/XLSX header, for the column-mapping step */
      header: z.array(z.string()).nullable(),
      /** the first record, as the mapping step shows it */
      sample: z.string().nullable(),
    }),
  ),
});
export type InspectedFile = z.infer<typeof inspectedFileSchema>;

export const importRecordSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  path: z.string(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  parts: z.array(importPartSchema),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  read: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  unzoned: z.number().int(),
  credentials: z.number().int(),
  original: z.string().nullable(),
});
export type ImportRecord = z.infer<typeof importRecordSchema>;

export const quarantineItemSchema = z.object({ part: z.string().nullable(), line: z.number().int(), reason: z.string(), excerpt: z.string() });
export type QuarantineItem = z.infer<typeof quarantineItemSchema>;
