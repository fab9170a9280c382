/**
 * The names of the channels the renderer may call. Kept free of schemas so the sandboxed
 * preload can bundle it without pulling in the validator; contract.ts checks that it lists
 * exactly the public channels.
 */
export const PUBLIC_CHANNELS = [
  'app.info',
  'engagement.recent',
  'engagement.create',
  'engagement.open',
  'engagement.close',
  'engagement.current',
  'import.start',
  'import.inspect',
  'import.platforms',
  'imports.list',
  'imports.quarantine',
  'profiles.list',
  'profiles.save',
  'profiles.suggest',
  'sources.list',
  'sources.add',
  'sources.remove',
  'sources.test',
  'sync.start',
  'jobs.get',
  'jobs.list',
  'jobs.cancel',
  'events.page',
  'events.get',
  'events.stats',
  'events.count',
  'events.window',
  'events.distinct',
  'dashboard.summary',
  'dashboard.histogram',
  'dashboard.coverage',
  'views.list',
  'views.save',
  'views.remove',
  'export.start',
  'activity.list',
  'activity.verify',
] as const;
export type PublicChannel = (typeof PUBLIC_CHANNELS)[number];

/** Prefix of every IPC channel name, so the app's own channels are recognisable. */
export const IPC_PREFIX = 'aw:';
/** The one event channel the engine pushes on (job progress, engagement changes). */
export const EVENT_CHANNEL = 'aw:event';
