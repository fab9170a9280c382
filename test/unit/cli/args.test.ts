import { describe, expect, it } from 'vitest';
import { filterFrom, FILTER_OPTIONS, parse } from '../../../src-main/cli/args';
import { UsageError } from '../../../src-main/cli/usage';

function filterOf(argv: string[]) {
  return filterFrom(parse(argv, FILTER_OPTIONS).values);
}

describe('CLI filter flags', () => {
  it('map every flag to the field of the filter the app uses', () => {
    const filter = filterOf([
      '--search', 'role assigned',
      '--category', 'auth', '--category', 'PERMISSION,file_ops',
      '--severity', 'warning,ERROR',
      '--min-severity', 'warning',
      '--type', 'user.signed_in,admin.role_assigned',
      '--outcome', 'FAILURE', '--outcome', 'denied',
      '--actor', 'ann@example.com',
      '--target', 'doc_7',
      '--source', 'okta,github', '--source', 'file-export',
      '--ip', '10.0.',
      '--from', '2026-01-01',
      '--to', '2026-02-01T00:00:00Z',
    ]);
    expect(filter).toEqual({
      categories: ['AUTH', 'PERMISSION', 'FILE_OPS'],
      severities: ['WARNING', 'ERROR'],
      minSeverity: 'WARNING',
      outcomes: ['failure', 'denied'],
      actions: ['user.signed_in', 'admin.role_assigned'],
      actor: 'ann@example.com',
      search: 'role assigned',
      target: 'doc_7',
      sources: ['okta', 'github', 'file-export'],
      ip: '10.0.',
      from: '2026-01-01',
      to: '2026-02-01T00:00:00Z',
    });
    // In the schema's field order, so a CLI export states its filter as the app's does.
    expect(Object.keys(filter)).toEqual(['categories', 'severities', 'minSeverity', 'outcomes', 'actions', 'actor', 'search', 'target', 'sources', 'ip', 'from', 'to']);
  });

  it('leaves out what is not given and refuses values the filter cannot take', () => {
    expect(filterOf([])).toEqual({});
    expect(() => filterOf(['--severity', 'LOUD'])).toThrow(UsageError);
    expect(() => filterOf(['--search', 'x'.repeat(501)])).toThrow(/search/);
  });
});
