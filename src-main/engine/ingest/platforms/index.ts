/**
 * Every mapping the importer knows, in one list: the product-doc families first (their
 * recognisers are the most specific), then the real platforms. Adding a platform is adding
 * its file and one line here.
 */
import type { PlatformMapping } from '../mapping/platform';
import { fileExportFamily } from '../families/fileExportFamily';
import { calkeepPullFamily } from '../families/calkeepPullFamily';
import { calkeepCredentialsFamily } from '../families/calkeepCredentialsFamily';
import { consoleExportFamily } from '../families/consoleExportFamily';
import { eventViewerFamily } from '../families/eventViewerFamily';
import { awsCloudTrail } from './awsCloudTrail';
import { oktaSystemLog } from './oktaSystemLog';
import { gcpCloudAudit } from './gcpCloudAudit';
import { kubernetesAudit } from './kubernetesAudit';
import { githubAudit } from './githubAudit';
import { googleWorkspace } from './googleWorkspace';
import { microsoft365 } from './microsoft365';
import { entraId } from './entraId';
import { slack } from './slack';
import { auth0 } from './auth0';
import { onePassword } from './onePassword';
import { atlassian } from './atlassian';
import { salesforce } from './salesforce';
import { zoom } from './zoom';

export const ALL_MAPPINGS: readonly PlatformMapping[] = [
  fileExportFamily,
  calkeepPullFamily,
  calkeepCredentialsFamily,
  consoleExportFamily,
  eventViewerFamily,
  awsCloudTrail,
  oktaSystemLog,
  gcpCloudAudit,
  kubernetesAudit,
  githubAudit,
  googleWorkspace,
  microsoft365,
  entraId,
  slack,
  auth0,
  onePassword,
  atlassian,
  salesforce,
  zoom,
];

const BY_ID: ReadonlyMap<string, PlatformMapping> = new Map(ALL_MAPPINGS.map((m) => [m.id, m]));

export function mappingById(id: string): PlatformMapping | undefined {
  return BY_ID.get(id);
}
