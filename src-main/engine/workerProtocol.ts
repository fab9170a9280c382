/** Messages between an EngineClient and the engine's worker thread. */
import type { EngineEvent } from '../../src-shared/contract';
import type { Result } from '../../src-shared/errors';
import type { InternalOps } from './engineClient';

export type WorkerRequest =
  | { kind: 'call'; id: number; channel: string; request: unknown }
  | { kind: 'internal'; id: number; op: keyof InternalOps; request: unknown }
  | { kind: 'close'; id: number };

export type WorkerReply = { kind: 'result'; id: number; result: Result<unknown> } | { kind: 'event'; event: EngineEvent };
