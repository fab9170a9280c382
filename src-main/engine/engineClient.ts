/**
 * How every transport talks to the engine: `call(channel, request)` answers a Result, and
 * `onEvent` streams job progress. Implemented in-process (CLI, tests) and over a worker
 * thread (Electron main, the browser harness) so no database call runs on a UI thread.
 */
import type { Channel, EngineEvent, RequestOf, ResponseOf } from '../../src-shared/contract';
import type { Result } from '../../src-shared/errors';
import type { EngagementSummary } from '../../src-shared/engagement';
import type { Job } from '../../src-shared/jobs';

export interface EngineClient {
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Engine-only operations that no renderer may reach (key hand-off to the OS keychain). */
  internal<K extends keyof InternalOps>(op: K, request: InternalOps[K]['request']): Promise<Result<InternalOps[K]['response']>>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * Operations used only by the Electron main process and the CLI, never routed from a renderer:
 * the raw data key leaves the engine only here, to be wrapped by the OS keychain.
 */
export interface InternalOps {
  /** The open engagement's data key (base64), for wrapping with safeStorage. */
  'key.export': { request: Record<string, never>; response: { engagementId: string; keyBase64: string } };
  /** Open an engagement with a data key unwrapped by the OS keychain. */
  'engagement.openWithKey': {
    request: { folder: string; keyBase64: string };
    response: EngagementSummary;
  };
  /** Mark whether this computer remembers the key (shown in the recent list). */
  'recent.setRemembered': { request: { folder: string; remembered: boolean }; response: { ok: true } };
  /** Fill the open engagement with the seeded synthetic tenant. */
  'demo.generate': {
    request: { events: number; seed: number };
    response: Job;
  };
}
