/**
 * No platform mapping may claim another platform's records: for every record of every dataset
 * NDJSON/JSON file, the best-scoring of these mappings is the folder's own platform, or scores
 * below the registry's 0.5 threshold.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';
import { awsCloudTrail } from '../../../../src-main/engine/ingest/platforms/awsCloudTrail';
import { githubAudit } from '../../../../src-main/engine/ingest/platforms/githubAudit';
import { googleWorkspace } from '../../../../src-main/engine/ingest/platforms/googleWorkspace';
import { oktaSystemLog } from '../../../../src-main/engine/ingest/platforms/oktaSystemLog';
import { HAVE_DATASETS, datasetFiles, datasetFolders, readDatasetRecords } from './datasetRecords';

const FOLDER_OF: ReadonlyMap<PlatformMapping, string> = new Map([
  [awsCloudTrail, 'aws_cloudtrail'],
  [oktaSystemLog, 'okta_system_log'],
  [githubAudit, 'github_audit'],
  [googleWorkspace, 'google_workspace'],
]);

describe.skipIf(!HAVE_DATASETS)('recognition across every dataset folder', () => {
  const folders = HAVE_DATASETS ? datasetFolders() : [];

  it('finds the 14 platform folders', () => {
    expect(folders).toHaveLength(14);
  });

  it.each(folders)('no mapping of another platform claims a record of %s', (folder) => {
    const claims: string[] = [];
    let records = 0;
    for (const file of datasetFiles(folder)) {
      for (const record of readDatasetRecords(folder, file)) {
        records += 1;
        let best: { mapping: PlatformMapping | null; score: number } = { mapping: null, score: 0 };
        for (const mapping of FOLDER_OF.keys()) {
          const score = mapping.recognise(record.value);
          if (score > best.score) best = { mapping, score };
        }
        if (best.mapping !== null && best.score >= 0.5 && FOLDER_OF.get(best.mapping) !== folder) {
          claims.push(`${file}:${record.position} claimed by ${best.mapping.id} (${best.score})`);
        }
      }
    }

    expect(records).toBeGreaterThan(0);
    expect(claims).toEqual([]);
  });
});
