import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from '../../../../src-main/engine/ingest/platforms/pythonLiteral';

describe('parsePythonLiteral', () => {
  it('reads the honey-bucket User ID cell', () => {
    expect(parsePythonLiteral("{'type': 'AWSAccount', 'principalId': '', 'accountId': 'ANONYMOUS_PRINCIPAL'}")).toEqual({
      type: 'AWSAccount',
      principalId: '',
      accountId: 'ANONYMOUS_PRINCIPAL',
    });
  });

  it('reads nested dicts, lists, tuples, numbers, True, False and None', () => {
    expect(parsePythonLiteral(`{'a': [1, 2.5, -3], 'b': ('x', "y's"), 'c': {'d': True, 'e': False, 'f': None}}`)).toEqual({
      a: [1, 2.5, -3],
      b: ['x', "y's"],
      c: { d: true, e: false, f: null },
    });
  });

  it('keeps escaped quotes and integers beyond 2^53 as text', () => {
    expect(parsePythonLiteral(`{'k': 'it\\'s', 'n': 123456789012345678901}`)).toEqual({ k: "it's", n: '123456789012345678901' });
  });

  it('keeps a __proto__ key as an ordinary key', () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(["{'a': 1", "{'a' 1}", "{'a': 1} trailing", 'object()', ''])('answers null for %j', (source) => {
    expect(parsePythonLiteral(source)).toBeNull();
  });

  it('answers null rather than overflowing on deep nesting', () => {
    expect(parsePythonLiteral('['.repeat(100_000) + ']'.repeat(100_000))).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (source) => void parsePythonLiteral(source)), { numRuns: 1000 });
  });
});
