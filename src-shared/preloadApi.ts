/**
 * The type of `window.auditor`, the only door from the sandboxed renderer to the app
 * (src-main/preload.ts). One named method per public channel, never a generic "send any
 * channel" (STYLE.md: Electron Fiddle's preload, not Bruno's), plus the event subscription and
 * the file-path lookup for dropped files. A pure type file: nothing here exists at run time.
 */
import type { PublicChannel } from './channels';
import type { EngineEvent, RequestOf, ResponseOf } from './contract';
import type { Result } from './errors';

/** `engagement.create` → `engagementCreate`, `app.info` → `appInfo`. */
export type BridgeMethodName<C extends string> = C extends `${infer Head}.${infer Tail}`
  ? `${Head}${Capitalize<BridgeMethodName<Tail>>}`
  : C;

/** The request may be left out when every field of it is optional. */
type RequestArgs<C extends PublicChannel> =
  Record<string, never> extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

export type BridgeMethod<C extends PublicChannel> = (...args: RequestArgs<C>) => Promise<Result<ResponseOf<C>>>;

export type ChannelMethods = { [C in PublicChannel as BridgeMethodName<C>]: BridgeMethod<C> };

export type EngineEventListener = (event: EngineEvent) => void;

export type AuditorBridge = ChannelMethods & {
  /** Job progress and engagement changes pushed by the engine; returns the unsubscribe. */
  onEvent(listener: EngineEventListener): () => void;
  /** The file-system path of a dropped or picked File (Electron `webUtils.getPathForFile`); '' when it has none. */
  pathForFile(file: File): string;
};
