/** An EngineClient that runs the engine in this thread: the CLI and the engine's own tests. */
import type { EngineEvent } from '../../src-shared/contract';
import type { EngineClient } from './engineClient';
import { Engine, type EngineOptions } from './engine';

export function createInProcessEngine(options: EngineOptions): EngineClient & { engine: Engine } {
  const engine = new Engine(options);
  return {
    engine,
    call: (channel, request) => engine.dispatch(channel, request) as never,
    internal: (op, request) => engine.internal(op, request),
    onEvent: (listener: (event: EngineEvent) => void) => engine.onEvent(listener),
    close: () => engine.close(),
  };
}
