/**
 * Renderer modules that touch the DOM, tested against a stand-in window: type-checked with the
 * renderer (tsconfig.web.json), run by vitest in Node like the other unit tests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, navigate, parseHash } from '../../../src-renderer/navigation';

/**
 * A window with the parts navigate() uses. Setting `location.hash` announces nothing here, as a
 * browser announces it only later, in a task of its own.
 */
function fakeWindow() {
  const listeners: ((event: Event) => void)[] = [];
  const history: string[] = [];
  const win = {
    location: { hash: '' },
    history: {
      pushState: (_: unknown, __: string, url: string) => {
        history.push(`push ${url}`);
        win.location.hash = url;
      },
      replaceState: (_: unknown, __: string, url: string) => {
        history.push(`replace ${url}`);
        win.location.hash = url;
      },
    },
    addEventListener: (_: string, listener: (event: Event) => void) => listeners.push(listener),
    dispatchEvent: (event: Event) => {
      for (const listener of listeners) listener(event);
      return true;
    },
  };
  return { win, history, listeners };
}

const saved = { window: globalThis.window, HashChangeEvent: (globalThis as { HashChangeEvent?: unknown }).HashChangeEvent };
let fake: ReturnType<typeof fakeWindow>;
beforeEach(() => {
  fake = fakeWindow();
  Object.assign(globalThis, { window: fake.win, HashChangeEvent: class extends Event {} });
});
afterEach(() => {
  Object.assign(globalThis, saved);
});

describe('navigate', () => {
  it('announces the new route before it returns, so the next click starts from it', () => {
    const seen: string[] = [];
    fake.win.addEventListener('hashchange', () => seen.push(fake.win.location.hash));
    const view = { ...DEFAULT_VIEW, filter: { categories: ['AUTH' as const] } };
    navigate({ tab: 'events', view });
    expect(seen).toHaveLength(1);
    expect(parseHash(seen[0]!)).toEqual({ tab: 'events', view });
    // Typing replaces the entry instead of adding one; the same route announces nothing.
    navigate({ tab: 'events', view: { ...view, filter: { categories: ['AUTH', 'SECURITY'] } } }, { replace: true });
    navigate({ tab: 'events', view: { ...view, filter: { categories: ['AUTH', 'SECURITY'] } } });
    expect(seen).toHaveLength(2);
    expect(fake.history.map((h) => h.split(' ')[0])).toEqual(['push', 'replace']);
  });
});
