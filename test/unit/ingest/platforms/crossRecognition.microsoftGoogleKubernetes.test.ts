/**
 * Cross-recognition of the Microsoft 365, Entra ID, GCP Cloud Audit Logs and Kubernetes audit
 * mappings over every NDJSON/JSON file of every dataset folder: on a record of one of their own
 * folders the best of the four is that folder's mapping (or none of them reaches the registry's
 * 0.5 — GCP application-log entries and Panther fragments without a protoPayload); on any other
 * platform's record all four score below 0.5 — in fact exactly 0.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';
import { entraId } from '../../../../src-main/engine/ingest/platforms/entraId';
import { gcpCloudAudit } from '../../../../src-main/engine/ingest/platforms/gcpCloudAudit';
import { kubernetesAudit } from '../../../../src-main/engine/ingest/platforms/kubernetesAudit';
import { microsoft365 } from '../../../../src-main/engine/ingest/platforms/microsoft365';
import { HAVE_DATASETS, datasetFiles, datasetFolders, readDatasetRecords } from './datasetRecords';

const MAPPING_OF_FOLDER: ReadonlyMap<string, PlatformMapping> = new Map([
  ['m365_unified_audit', microsoft365],
  ['entra_id', entraId],
  ['gcp_cloud_audit', gcpCloudAudit],
  ['kubernetes_audit', kubernetesAudit],
]);
const MAPPINGS = [...MAPPING_OF_FOLDER.values()];
const CONVINCING = 0.5;

const files = HAVE_DATASETS ? datasetFolders().flatMap((folder) => datasetFiles(folder).map((file) => [folder, file] as const)) : [];

describe.skipIf(!HAVE_DATASETS)('recognising Microsoft 365, Entra ID, GCP and Kubernetes records', () => {
  it('finds the dataset folder of each of the four platforms', () => {
    expect([...MAPPING_OF_FOLDER.keys()].filter((folder) => !datasetFolders().includes(folder))).toEqual([]);
  });

  it.each(files.filter(([folder]) => MAPPING_OF_FOLDER.has(folder)))('picks its own mapping for every record of %s/%s it is sure of', (folder, file) => {
    const own = MAPPING_OF_FOLDER.get(folder);
    const misread = readDatasetRecords(folder, file)
      .filter((record) => {
        const scores = MAPPINGS.map((mapping) => ({ mapping, score: mapping.recognise(record.value) }));
        const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
        return best.score >= CONVINCING && best.mapping !== own;
      })
      .map((record) => record.position);

    expect(misread).toEqual([]);
  });

  it('is sure of every record of its own folders but the GCP application-log entries and payload-less fragments', () => {
    const unsure = files
      .filter(([folder]) => MAPPING_OF_FOLDER.has(folder))
      .flatMap(([folder, file]) =>
        readDatasetRecords(folder, file)
          .filter((record) => (MAPPING_OF_FOLDER.get(folder)?.recognise(record.value) ?? 0) < CONVINCING)
          .map((record) => `${file}:${record.position}`),
      );

    // Panther's GCP fragments ({"methodName": ...}, {"operation": ...}) carry nothing to recognise either
    expect(unsure).toEqual([
      'panther_gcp_auditlog_tests.ndjson:39',
      'panther_gcp_auditlog_tests.ndjson:40',
      'panther_gcp_auditlog_tests.ndjson:44',
      'panther_gcp_auditlog_tests.ndjson:140',
      'panther_gcp_auditlog_tests.ndjson:141',
      'plaso_gcp_logging.jsonl:8',
      'plaso_gcp_logging.jsonl:9',
    ]);
  });

  it.each(files.filter(([folder]) => !MAPPING_OF_FOLDER.has(folder)))('scores 0 with all four mappings on every record of %s/%s', (folder, file) => {
    const claimed = readDatasetRecords(folder, file).flatMap((record) =>
      MAPPINGS.filter((mapping) => mapping.recognise(record.value) !== 0).map((mapping) => `${record.position}:${mapping.id}`),
    );

    expect(claimed).toEqual([]);
  });
});
