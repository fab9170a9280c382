/**
 * One connector per source kind; the next platform is one file and one line here (issue
 * "Sync", Connectors).
 */
import type { Connector, SourceKind } from './connector';
import { exportJobConnector } from './exportJobConnector';
import { githubConnector } from './githubConnector';
import { oktaConnector } from './oktaConnector';
import { pullConnector } from './pullConnector';

const CONNECTORS = {
  'export-job': exportJobConnector,
  pull: pullConnector,
  okta: oktaConnector,
  github: githubConnector,
} satisfies Record<SourceKind, Connector>;

export function connectorFor(kind: SourceKind): Connector {
  return CONNECTORS[kind];
}
