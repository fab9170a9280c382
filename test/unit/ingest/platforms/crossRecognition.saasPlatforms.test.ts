/**
 * Cross-recognition of the six SaaS mappings (Slack, Auth0, 1Password, Atlassian, Salesforce,
 * Zoom) over every NDJSON/JSON file of every dataset folder: on its own folder's records the
 * right mapping scores highest (and at least the registry's 0.5), and on any other platform's
 * records every one of the six scores exactly 0.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';
import { atlassian } from '../../../../src-main/engine/ingest/platforms/atlassian';
import { auth0 } from '../../../../src-main/engine/ingest/platforms/auth0';
import { onePassword } from '../../../../src-main/engine/ingest/platforms/onePassword';
import { salesforce } from '../../../../src-main/engine/ingest/platforms/salesforce';
import { slack } from '../../../../src-main/engine/ingest/platforms/slack';
import { zoom } from '../../../../src-main/engine/ingest/platforms/zoom';
import { HAVE_DATASETS, datasetFiles, datasetFolders, readDatasetRecords } from './datasetRecords';

const MAPPING_OF_FOLDER: ReadonlyMap<string, PlatformMapping> = new Map([
  ['slack_audit', slack],
  ['auth0_logs', auth0],
  ['onepassword_events', onePassword],
  ['atlassian_audit', atlassian],
  ['salesforce_audit', salesforce],
  ['zoom_operation_logs', zoom],
]);
const MAPPINGS = [...MAPPING_OF_FOLDER.values()];

const files = HAVE_DATASETS ? datasetFolders().flatMap((folder) => datasetFiles(folder).map((file) => [folder, file] as const)) : [];

describe.skipIf(!HAVE_DATASETS)('recognising Slack, Auth0, 1Password, Atlassian, Salesforce and Zoom records', () => {
  it('finds the dataset folder of each of the six platforms', () => {
    expect([...MAPPING_OF_FOLDER.keys()].filter((folder) => !datasetFolders().includes(folder))).toEqual([]);
  });

  it.each(files.filter(([folder]) => MAPPING_OF_FOLDER.has(folder)))('picks its own mapping for every record of %s/%s', (folder, file) => {
    const own = MAPPING_OF_FOLDER.get(folder);
    const misread = readDatasetRecords(folder, file)
      .filter((record) => {
        const scores = MAPPINGS.map((mapping) => ({ mapping, score: mapping.recognise(record.value) }));
        const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
        return best.mapping !== own || best.score < 0.5;
      })
      .map((record) => record.position);

    expect(misread).toEqual([]);
  });

  it.each(files.filter(([folder]) => !MAPPING_OF_FOLDER.has(folder)))('scores 0 with all six mappings on every record of %s/%s', (folder, file) => {
    const claimed = readDatasetRecords(folder, file).flatMap((record) =>
      MAPPINGS.filter((mapping) => mapping.recognise(record.value) !== 0).map((mapping) => `${record.position}:${mapping.id}`),
    );

    expect(claimed).toEqual([]);
  });
});
