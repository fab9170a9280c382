/**
 * Every real sample in ../shared/datasets through the whole import path (containers, format
 * and platform detection, mapping, quarantine, dedup): the right platform is recognised from
 * content, every record is either stored or quarantined with a reason, and the counts match
 * what SOURCE.txt says each file holds. Datasets are read in place, never copied.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileImportResult, ImportResult } from '../../src-shared/imports';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { tempDir } from '../support/tempDir';
import { DATASETS_DIR } from '../support/datasetsDir';

const DATASETS = DATASETS_DIR;

/** [file, platform name, records read, records quarantined] — counts from each SOURCE.txt. */
const EXPECTED: readonly [string, string, number, number][] = [
  ['atlassian_audit/elastic_atlassian_confluence_test-audit-cloud.log', 'Atlassian audit logs (Confluence Cloud, organization)', 37, 0],
  ['atlassian_audit/panther_atlassian_audit_tests.ndjson', 'Atlassian audit logs (Confluence Cloud, organization)', 2, 0],
  ['auth0_logs/panther_auth0_events_tests.ndjson', 'Auth0 tenant logs', 49, 0],
  ['aws_cloudtrail/otrf_ec2_proxy_s3_exfiltration.zip', 'AWS CloudTrail', 103, 0],
  ['aws_cloudtrail/otrf_aws_s3_honeybucketlogs.zip', 'AWS CloudTrail', 301, 0],
  ['aws_cloudtrail/panther_cloudtrail_tests.ndjson', 'AWS CloudTrail', 445, 21],
  ['aws_cloudtrail/plaso_aws_cloudtrail_lookup_events.jsonl', 'AWS CloudTrail', 6, 0],
  ['entra_id/cribl_azure_graph_signins_7cieEB.json', 'Microsoft Entra ID sign-in and audit logs', 2, 0],
  ['entra_id/entra_graph_signins_from_cribl_raw.ndjson', 'Microsoft Entra ID sign-in and audit logs', 2, 0],
  ['entra_id/otrf_goldensaml_AADAuditEvents.zip', 'Microsoft Entra ID sign-in and audit logs', 4, 0],
  ['entra_id/panther_azure_audit_tests.ndjson', 'Microsoft Entra ID sign-in and audit logs', 47, 0],
  ['gcp_cloud_audit/panther_gcp_auditlog_tests.ndjson', 'Google Cloud Audit Logs', 196, 53],
  ['gcp_cloud_audit/plaso_gcp_logging.jsonl', 'Google Cloud Audit Logs', 11, 2],
  ['github_audit/elastic_github_test-audit-json.log', 'GitHub audit log', 189, 0],
  ['github_audit/panther_github_audit_tests.ndjson', 'GitHub audit log', 98, 34],
  ['google_workspace/cribl_gws_reports_admin_QtiaAD.json', 'Google Workspace reports', 17, 0],
  ['google_workspace/gws_reports_admin_from_cribl_raw.ndjson', 'Google Workspace reports', 17, 0],
  ['google_workspace/panther_gsuite_activityevent_tests.ndjson', 'Google Workspace reports', 128, 63],
  ['kubernetes_audit/falco_k8s_audit_trace_files.ndjson', 'Kubernetes audit log', 51, 0],
  ['kubernetes_audit/panther_eks_audit_tests.ndjson', 'Kubernetes audit log', 184, 172],
  ['m365_unified_audit/elastic_o365_sample_logs_02-exchange-item.log', 'Microsoft 365 unified audit log', 9, 0],
  ['m365_unified_audit/otrf_goldensaml_OfficeActivityEvents.zip', 'Microsoft 365 unified audit log', 1, 0],
  ['m365_unified_audit/panther_microsoft365_tests.ndjson', 'Microsoft 365 unified audit log', 19, 0],
  ['m365_unified_audit/plaso_microsoft_audit_log.jsonl', 'Microsoft 365 unified audit log', 4, 0],
  ['okta_system_log/cribl_okta_rest_sample_I4942I.json', 'Okta System Log', 100, 0],
  ['okta_system_log/okta_system_log_events_from_cribl_raw.ndjson', 'Okta System Log', 100, 0],
  ['onepassword_events/cribl_1password_auditevents_pYUX7s.json', '1Password Events API', 67, 0],
  ['onepassword_events/onepassword_auditevents_from_cribl_raw.ndjson', '1Password Events API', 67, 0],
  ['onepassword_events/panther_onepassword_tests.ndjson', '1Password Events API', 8, 0],
  ['salesforce_audit/cribl_salesforce_BnBeUl.json', 'Salesforce (SetupAuditTrail, LoginHistory, EventLogFile)', 100, 0],
  ['salesforce_audit/cribl_salesforce_Qvzlzu.json', 'Salesforce (SetupAuditTrail, LoginHistory, EventLogFile)', 100, 0],
  ['salesforce_audit/cribl_salesforce_zY1NlB.json', 'Salesforce (SetupAuditTrail, LoginHistory, EventLogFile)', 100, 0],
  ['salesforce_audit/salesforce_loginhistory_from_cribl_raw.ndjson', 'Salesforce (SetupAuditTrail, LoginHistory, EventLogFile)', 100, 0],
  ['salesforce_audit/salesforce_setupaudittrail_from_cribl_raw.ndjson', 'Salesforce (SetupAuditTrail, LoginHistory, EventLogFile)', 100, 0],
  ['slack_audit/elastic_slack_test-audit.log', 'Slack audit logs', 4, 0],
  ['slack_audit/panther_slack_auditlogs_tests.ndjson', 'Slack audit logs', 44, 29],
  ['zoom_operation_logs/panther_zoom_tests.ndjson', 'Zoom operation and sign-in logs', 25, 2],
];

let dir: ReturnType<typeof tempDir>;
let client: ReturnType<typeof createInProcessEngine>;
let result: ImportResult;
const byFile = new Map<string, FileImportResult>();

beforeAll(async () => {
  if (!existsSync(DATASETS)) throw new Error(`${DATASETS} is missing: the shared datasets sit beside the project`);
  dir = tempDir('aw-datasets-');
  client = createInProcessEngine({ stateDir: null, engagementsRoot: dir.path, transport: 'test' });
  const created = await client.call('engagement.create', { folder: join(dir.path, 'e'), name: 'Datasets', periodFrom: '2018-01-01', periodTo: '2026-12-31', timeZone: 'UTC', passphrase: 'datasets passphrase' });
  if (!created.ok) throw new Error(created.error.message);
  const job = await client.call('import.start', { paths: EXPECTED.map(([file]) => join(DATASETS, file)) });
  if (!job.ok) throw new Error(job.error.message);
  const done = await client.engine.waitForJob(job.value.id);
  result = done.result as ImportResult;
  for (const f of result.files) byFile.set(f.path, f);
});

afterAll(async () => {
  await client.close();
  dir.cleanup();
});

describe('every dataset through the importer', () => {
  it.each(EXPECTED)('%s is read as %s: %i records, %i quarantined', (file, platform, read, rejected) => {
    const f = byFile.get(join(DATASETS, file));
    expect(f?.failure ?? null).toBeNull();
    expect(f?.platform).toBe(platform);
    expect(f?.read).toBe(read);
    expect(f?.rejected).toBe(rejected);
    // every record is accounted for: stored, a duplicate of one stored, or quarantined
    expect((f?.imported ?? 0) + (f?.duplicates ?? 0) + (f?.rejected ?? 0)).toBe(read);
    expect(f?.errors.every((e) => e.line >= 1 && e.reason.length > 0)).toBe(true);
    expect(f?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the zip part every record of a zip came from', () => {
    const f = byFile.get(join(DATASETS, 'aws_cloudtrail/otrf_ec2_proxy_s3_exfiltration.zip'));
    expect(f?.parts.length).toBeGreaterThan(0);
    expect(f?.parts.every((p) => p.part !== null && p.platform === 'AWS CloudTrail')).toBe(true);
  });

  it('adds nothing when the same exports are imported again', async () => {
    const again = await client.call('import.start', { paths: [join(DATASETS, 'okta_system_log/okta_system_log_events_from_cribl_raw.ndjson'), join(DATASETS, 'aws_cloudtrail/otrf_ec2_proxy_s3_exfiltration.zip')] });
    if (!again.ok) throw new Error(again.error.message);
    const second = (await client.engine.waitForJob(again.value.id)).result as ImportResult;
    expect(second.imported).toBe(0);
    expect(second.duplicates).toBe(203);
  });

  it('stores an Okta event with its exact fields and gives back its raw record verbatim', async () => {
    const page = await client.call('events.page', { filter: { actor: '00uunrjAXkpQdiZqQ693', actions: ['system.brand.create'] }, limit: 10 });
    if (!page.ok) throw new Error(page.error.message);
    const row = page.value.rows.find((r) => r.eventId === 'c108c4cc-6641-11f0-b8ab-e7cc1dd1a43e');
    expect(row).toMatchObject({
      sourceId: 'okta-system-log',
      occurredAt: '2025-07-21T14:48:24.597000Z',
      action: 'system.brand.create',
      outcome: 'success',
      actor: { kind: 'user', id: '00uunrjAXkpQdiZqQ693', name: 'FreeTrial OrgCreator', email: 'freetrialorgcreator@okta.com' },
      context: { ip: '52.207.21.207' },
    });
    const detail = await client.call('events.get', { uid: row!.uid });
    if (!detail.ok) throw new Error(detail.error.message);
    expect(JSON.parse(detail.value.raw)).toMatchObject({ uuid: 'c108c4cc-6641-11f0-b8ab-e7cc1dd1a43e', eventType: 'system.brand.create' });
    expect(detail.value.data).not.toBeNull();
  });
});
