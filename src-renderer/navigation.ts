/**
 * Where the auditor is, kept in the location hash so a view can be bookmarked, restored after
 * a reload and shared inside the engagement: `#/events?v=<base64url(JSON ViewState)>`.
 * The state is validated against the shared schema on the way in; a hash that does not parse
 * opens the default view instead of half of one.
 */
import { useEffect, useState } from 'react';
import { viewStateSchema, type EventFilter, type ViewState } from '../src-shared/query';

export const TAB_KEYS = ['dashboard', 'events', 'import', 'sources', 'activity'] as const;
export type TabKey = (typeof TAB_KEYS)[number];

export interface Route {
  tab: TabKey;
  /** the event viewer's state (filter, order, columns); only meaningful on the events tab */
  view: ViewState;
}

export const DEFAULT_VIEW: ViewState = { filter: {}, order: 'desc' };
const DEFAULT_TAB: TabKey = 'dashboard';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeView(view: ViewState): string {
  return toBase64Url(JSON.stringify(view));
}

/** The view a `v=` parameter holds, or null when it is not a valid view state. */
export function decodeView(encoded: string): ViewState | null {
  try {
    const parsed = viewStateSchema.safeParse(JSON.parse(fromBase64Url(encoded)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function parseHash(hash: string): Route {
  const match = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  const tab = (TAB_KEYS as readonly string[]).includes(match?.[1] ?? '') ? (match?.[1] as TabKey) : DEFAULT_TAB;
  const encoded = new URLSearchParams(match?.[2] ?? '').get('v');
  return { tab, view: (encoded && decodeView(encoded)) || DEFAULT_VIEW };
}

export function routeHash(route: { tab: TabKey; view?: ViewState }): string {
  const view = route.view;
  const isDefault = !view || (Object.keys(view.filter).length === 0 && view.order === 'desc' && !view.columns);
  return `#/${route.tab}${route.tab === 'events' && !isDefault ? `?v=${encodeView(view)}` : ''}`;
}

/**
 * Goes to a route; `replace` keeps the browser history from filling up while filters are typed.
 * The route is announced at once, inside the click or keystroke that asked for it, so React
 * renders it before the next input event: setting `location.hash` announces it later, as a
 * task of its own, and a second quick click (two categories ticked in a row) then started from
 * the route before the first and undid it.
 */
export function navigate(route: { tab: TabKey; view?: ViewState }, options: { replace?: boolean } = {}): void {
  const hash = routeHash(route);
  if (hash === window.location.hash) return;
  if (options.replace) window.history.replaceState(null, '', hash);
  else window.history.pushState(null, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Opens the event viewer filtered as given (the dashboard's chips, cards and histogram use this). */
export function openEvents(filter: EventFilter, view: Partial<ViewState> = {}): void {
  navigate({ tab: 'events', view: { ...DEFAULT_VIEW, ...view, filter } });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
