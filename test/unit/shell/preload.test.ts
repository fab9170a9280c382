import { build } from 'esbuild';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, IPC_PREFIX, PUBLIC_CHANNELS } from '../../../src-shared/channels';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
  webUtils: { getPathForFile: vi.fn(() => '/cases/acme/export.csv') },
}));
vi.mock('electron', () => electron);

const root = path.resolve(import.meta.dirname, '../../..');
const camelCase = (channel: string) => channel.replace(/\.([a-z])/g, (_m, c: string) => c.toUpperCase());

let api: Record<string, unknown>;

beforeAll(async () => {
  await import('../../../src-main/preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  expect(name).toBe('auditor');
  api = exposed;
});

function method(name: string): (...args: unknown[]) => unknown {
  const value = api[name];
  if (typeof value !== 'function') throw new Error(`auditor.${name} is not a function`);
  return value as (...args: unknown[]) => unknown;
}

describe('preload bridge', () => {
  it('exposes one named method per public channel, onEvent and pathForFile, and nothing else', () => {
    const expected = [...PUBLIC_CHANNELS.map(camelCase), 'onEvent', 'pathForFile'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof api[key]).toBe('function');
  });

  it('invokes the prefixed channel with the request as given', async () => {
    for (const channel of PUBLIC_CHANNELS) {
      electron.ipcRenderer.invoke.mockClear();
      const request = { probe: channel };
      await method(camelCase(channel))(request);
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(IPC_PREFIX + channel, request);
    }
  });

  it('sends {} when a method is called without a request', async () => {
    electron.ipcRenderer.invoke.mockClear();
    await method('jobsList')();
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('aw:jobs.list', {});
  });

  it('hands listeners the event payload only and unsubscribes the same handler', () => {
    const listener = vi.fn();
    const unsubscribe = method('onEvent')(listener) as () => void;
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, handler] = electron.ipcRenderer.on.mock.calls[0] as [string, (...args: unknown[]) => void];
    expect(channel).toBe(EVENT_CHANNEL);
    const payload = { type: 'engagement', open: true };
    handler({ sender: 'the IpcRendererEvent must stay in the preload' }, payload);
    expect(listener).toHaveBeenCalledExactlyOnceWith(payload);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, handler);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => method('onEvent')('not a function')).toThrow(TypeError);
  });

  it('resolves dropped files through webUtils.getPathForFile', () => {
    const file = new File(['x'], 'export.csv');
    expect(method('pathForFile')(file)).toBe('/cases/acme/export.csv');
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith(file);
  });

  it('bundles to a script that requires only electron and carries no validator', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'src-main/preload.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node22',
      external: ['electron'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/zod|safeParse/);
  });
});
