/**
 * Compliance tags a category implies when the record carries none. Doc 001: "events
 * automatically carry compliance tags based on their category"; the pairing follows doc 004's
 * framework table (SOC 2 CC6.1/CC7.2, ISO 27001 A 8.15, NIS2 Art. 21(2)(j), GDPR Art. 30) and
 * doc 001's report types (SOX: access and data integrity; HIPAA/PCI DSS: sensitive-data access).
 */
import type { Category } from '../../../../src-shared/event';

export const TAGS_BY_CATEGORY: Readonly<Record<Category, readonly string[]>> = {
  AUTH: ['SOC2', 'ISO27001', 'PCI-DSS'],
  USER_MGMT: ['SOC2', 'ISO27001', 'SOX'],
  TENANT_MGMT: ['SOC2', 'ISO27001'],
  SUBSCRIPTION: ['SOX'],
  PERMISSION: ['SOC2', 'ISO27001', 'SOX', 'PCI-DSS'],
  DATA_ACCESS: ['GDPR', 'HIPAA', 'SOC2', 'NIS2'],
  DATA_MODIFY: ['SOX', 'GDPR', 'HIPAA'],
  INFRASTRUCTURE: ['SOC2', 'ISO27001'],
  SECURITY: ['SOC2', 'ISO27001', 'NIS2', 'PCI-DSS'],
  COMPLIANCE: ['SOX', 'SOC2', 'ISO27001'],
  API_ACCESS: ['SOC2', 'ISO27001'],
  FILE_OPS: ['GDPR', 'ISO27001'],
  AI_USAGE: ['ISO27001', 'GDPR'],
  SYSTEM: ['ISO27001'],
};

export function defaultTags(category: Category): string[] {
  return [...TAGS_BY_CATEGORY[category]];
}
