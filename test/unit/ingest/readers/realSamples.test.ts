/** Real exports from ../shared/datasets (see each folder's SOURCE.txt), read in place. */
import { DATASETS_DIR } from '../../../support/datasetsDir';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInput } from './readerFixtures';

const DATASETS = DATASETS_DIR;
const sample = (path: string): string => join(DATASETS, path);

describe.skipIf(!existsSync(DATASETS))('real samples', () => {
  it('reads the CloudTrail EC2/S3 exfiltration zip: one NDJSON part of 103 records', async () => {
    const parts = await readInput(sample('aws_cloudtrail/otrf_ec2_proxy_s3_exfiltration.zip'));
    expect(parts.map((p) => [p.part.name, p.part.format])).toEqual([['ec2_proxy_s3_exfiltration_2020-09-14011940.json', 'ndjson']]);
    expect(parts[0]!.items.filter((i) => i.kind === 'record')).toHaveLength(103);
    expect(parts[0]!.items.filter((i) => i.kind === 'rejected')).toEqual([]);
  });

  it('reads the S3 honey-bucket zip: one CSV part of 301 rows', async () => {
    const [part] = await readInput(sample('aws_cloudtrail/otrf_aws_s3_honeybucketlogs.zip'));
    expect(part?.part).toMatchObject({ name: 'AWS_S3_HoneyBucketLogs.csv', format: 'csv' });
    expect(part?.part.header?.slice(0, 3)).toEqual(['Event Type', 'Event Name', 'Request ID']);
    expect(part?.items.filter((i) => i.kind === 'record')).toHaveLength(301);
    expect(part?.items[0]?.position).toEqual({ part: 'AWS_S3_HoneyBucketLogs.csv', line: 2 });
  });

  it('reads the Okta REST sample: a top-level array of 100 records', async () => {
    const [part] = await readInput(sample('okta_system_log/cribl_okta_rest_sample_I4942I.json'));
    expect(part?.part).toMatchObject({ name: null, format: 'json', envelope: { arrayPath: '', fields: {} } });
    expect(part?.items.filter((i) => i.kind === 'record')).toHaveLength(100);
  });

  it('reads a plain NDJSON sample whatever its extension', async () => {
    const [part] = await readInput(sample('github_audit/elastic_github_test-audit-json.log'));
    expect(part?.part.format).toBe('ndjson');
    expect(part?.items.every((i) => i.kind === 'record')).toBe(true);
  });
});
