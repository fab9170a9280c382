/**
 * What each source kind is called and which per-source options its connector reads
 * (src-main/engine/sync/*Connector.ts). Options travel as strings; an empty one is left out so
 * the connector's own default applies.
 */
import type { SourceSummary } from '../../../src-shared/sources';

export type SourceKind = SourceSummary['kind'];

export const KIND_LABELS: Readonly<Record<SourceKind, string>> = {
  okta: 'Okta System Log',
  github: 'GitHub organization audit log',
  pull: 'CalKeep compliance pull API',
  'export-job': 'CalKeep export jobs',
};

/** The same, short enough for a table column. */
export const KIND_SHORT: Readonly<Record<SourceKind, string>> = {
  okta: 'Okta',
  github: 'GitHub',
  pull: 'Pull API',
  'export-job': 'Export jobs',
};

export const KINDS: readonly SourceKind[] = ['okta', 'github', 'pull', 'export-job'];

/** Where each API lives under the base URL, to help fill it in. */
export const URL_HINTS: Readonly<Record<SourceKind, string>> = {
  okta: 'The Okta org URL, e.g. https://example.okta.com (the connector adds /api/v1/logs).',
  github: 'The GitHub API URL, e.g. https://api.github.com (the connector adds /orgs/{org}/audit-log).',
  pull: 'The tenant URL; the connector reads /api/admin/compliance/audit.json or .csv.',
  'export-job': 'The tenant URL; the connector creates exports at /api/v1/exports.',
};

export interface OptionField {
  key: string;
  label: string;
  help: string;
  required?: boolean;
  /** a closed set of values; the first is the connector's default */
  choices?: readonly string[];
  numeric?: boolean;
}

const PAGE_SIZE: OptionField = { key: 'pageSize', label: 'Page size', help: 'Records per request; leave empty for the API default.', numeric: true };
const FORMAT: OptionField = { key: 'format', label: 'Format', help: 'What the tenant sends: JSON or CSV.', choices: ['json', 'csv'] };

export const KIND_OPTIONS: Readonly<Record<SourceKind, readonly OptionField[]>> = {
  okta: [PAGE_SIZE],
  github: [{ key: 'org', label: 'Organization', help: 'The GitHub organization whose audit log is pulled.', required: true }, PAGE_SIZE],
  pull: [{ key: 'actions', label: 'Actions filter', help: 'Comma-separated actions to pull; empty pulls every action.' }, FORMAT, PAGE_SIZE],
  'export-job': [
    { key: 'reportType', label: 'Report type', help: 'The export the tenant builds (doc 000).', choices: ['audit', 'soc2', 'gdpr', 'hipaa'] },
    FORMAT,
    { key: 'windowDays', label: 'Days per export', help: 'Split long windows into exports of this many days; empty for one export.', numeric: true },
    PAGE_SIZE,
  ],
};

/** The kind's options that were filled in, as the contract carries them. */
export function filledOptions(kind: SourceKind, values: Readonly<Record<string, string>>): Record<string, string> {
  const options: Record<string, string> = {};
  for (const field of KIND_OPTIONS[kind]) {
    const value = values[field.key]?.trim() ?? '';
    if (value !== '') options[field.key] = value;
  }
  return options;
}

/** The first problem with the kind's options, in words, or null. */
export function optionProblem(kind: SourceKind, values: Readonly<Record<string, string>>): string | null {
  for (const field of KIND_OPTIONS[kind]) {
    const value = values[field.key]?.trim() ?? '';
    if (field.required && value === '') return `${field.label} is required for ${KIND_LABELS[kind]}.`;
    if (field.numeric && value !== '' && !/^[1-9]\d{0,6}$/.test(value)) return `${field.label} must be a whole number above 0.`;
  }
  return null;
}
