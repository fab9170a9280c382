/**
 * The sandboxed preload: exposes `window.auditor` with one named method per public channel,
 * `onEvent` and `pathForFile`, and nothing else — never `ipcRenderer` itself, never the
 * IpcRendererEvent (STYLE.md, "Process boundaries"; Electron security checklist item 20).
 * A sandboxed preload may only require('electron'); esbuild bundles channels.ts into it, and the
 * type-only imports vanish, so no validator or engine code ships here.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, IPC_PREFIX, PUBLIC_CHANNELS, type PublicChannel } from '../src-shared/channels';
import type { EngineEvent } from '../src-shared/contract';
import type { AuditorBridge, BridgeMethodName, ChannelMethods, EngineEventListener } from '../src-shared/preloadApi';

/** The method name of each channel; the type makes a misspelt or missing name a compile error. */
export const BRIDGE_METHOD_NAMES = {
  'app.info': 'appInfo',
  'engagement.recent': 'engagementRecent',
  'engagement.create': 'engagementCreate',
  'engagement.open': 'engagementOpen',
  'engagement.close': 'engagementClose',
  'engagement.current': 'engagementCurrent',
  'import.start': 'importStart',
  'import.inspect': 'importInspect',
  'import.platforms': 'importPlatforms',
  'imports.list': 'importsList',
  'imports.quarantine': 'importsQuarantine',
  'profiles.list': 'profilesList',
  'profiles.save': 'profilesSave',
  'profiles.suggest': 'profilesSuggest',
  'sources.list': 'sourcesList',
  'sources.add': 'sourcesAdd',
  'sources.remove': 'sourcesRemove',
  'sources.test': 'sourcesTest',
  'sync.start': 'syncStart',
  'jobs.get': 'jobsGet',
  'jobs.list': 'jobsList',
  'jobs.cancel': 'jobsCancel',
  'events.page': 'eventsPage',
  'events.get': 'eventsGet',
  'events.stats': 'eventsStats',
  'events.count': 'eventsCount',
  'events.window': 'eventsWindow',
  'events.distinct': 'eventsDistinct',
  'dashboard.summary': 'dashboardSummary',
  'dashboard.histogram': 'dashboardHistogram',
  'dashboard.coverage': 'dashboardCoverage',
  'views.list': 'viewsList',
  'views.save': 'viewsSave',
  'views.remove': 'viewsRemove',
  'export.start': 'exportStart',
  'activity.list': 'activityList',
  'activity.verify': 'activityVerify',
} as const satisfies { [C in PublicChannel]: BridgeMethodName<C> };

function channelMethods(): ChannelMethods {
  const methods: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const channel of PUBLIC_CHANNELS) {
    // An omitted request is sent as {} so channels whose fields are all optional can be called bare.
    methods[BRIDGE_METHOD_NAMES[channel]] = (request?: unknown) => ipcRenderer.invoke(IPC_PREFIX + channel, request ?? {});
  }
  // Built from the name map above, whose type ties every name to its channel.
  return methods as ChannelMethods;
}

function onEvent(listener: EngineEventListener): () => void {
  if (typeof listener !== 'function') throw new TypeError('auditor.onEvent expects a function');
  const forward = (_event: IpcRendererEvent, payload: EngineEvent): void => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

function pathForFile(file: File): string {
  return webUtils.getPathForFile(file);
}

const api: AuditorBridge = Object.freeze({ ...channelMethods(), onEvent, pathForFile });

contextBridge.exposeInMainWorld('auditor', api);
