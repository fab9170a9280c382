/** Shared by the engine's integration tests. */
import { afterEach } from 'vitest';
import type { Result } from '../../src-shared/errors';

/** The value of an engine answer; an error answer throws, naming its code. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A list whose cleanups run after each test, the last pushed first (call at module level). */
export function cleanupsAfterEach(): (() => unknown)[] {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}
