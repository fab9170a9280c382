/**
 * The renderer's typed client (DESIGN.md, "One contract, three transports").
 *
 * The transport is chosen once, at load: inside Electron the sandboxed preload exposes
 * `window.auditor` (one named method per public channel, never raw IPC); anywhere else the
 * page was served by the development harness (test/harness/preview.ts) and talks to it over
 * same-origin HTTP, authenticated by the harness's HttpOnly session cookie.
 */
import type { Channel, EngineEvent, RequestOf, ResponseOf } from '../src-shared/contract';
import type { ErrorCode, Result } from '../src-shared/errors';
import type { AuditorBridge } from '../src-shared/preloadApi';

export type TransportKind = 'electron' | 'harness';

export interface UploadProgress {
  file: string;
  index: number;
  count: number;
}

/** A path the engine can read, and the name the auditor knows it by (its place in a chosen folder). */
export interface ResolvedPath {
  path: string;
  label: string;
}

export interface Transport {
  readonly kind: TransportKind;
  call(channel: Channel, request: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Turns chosen files into paths the engine can read (Electron: real paths; harness: uploads). */
  resolveFiles(files: readonly File[], onProgress?: (progress: UploadProgress) => void): Promise<ResolvedPath[]>;
  /**
   * The same for a drop of files and folders. The DataTransfer is read before the first await
   * (it is emptied once the drop event returns). Electron hands folders to the engine, which
   * expands them; the harness walks them and uploads every file.
   */
  resolveDrop(data: DataTransfer, onProgress?: (progress: UploadProgress) => void): Promise<ResolvedPath[]>;
}

/** A `{ok: false}` answer, or a transport failure, as an exception carrying its closed code. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** `engagement.recent` → `engagementRecent`: the preload's naming (src-shared/preloadApi.ts). */
export function methodName(channel: Channel): string {
  return channel.replace(/\.([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A picked file's place inside a chosen folder (`webkitdirectory`), else its name. */
function labelOf(file: File): string {
  return file.webkitRelativePath || file.name;
}

/** One directory listing: `readEntries` answers in batches until it answers none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolveBatch, reject) => reader.readEntries(resolveBatch, reject));
    if (batch.length === 0) return entries;
    entries.push(...batch);
  }
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

/** Every file under dropped entries, depth first, labelled by its path inside the drop. */
async function walkEntries(entries: readonly FileSystemEntry[]): Promise<{ file: File; label: string }[]> {
  const found: { file: File; label: string }[] = [];
  const visit = async (entry: FileSystemEntry): Promise<void> => {
    if (isFileEntry(entry)) {
      const file = await new Promise<File>((resolveFile, reject) => entry.file(resolveFile, reject));
      found.push({ file, label: entry.fullPath.replace(/^\/+/, '') || file.name });
    } else if (isDirectoryEntry(entry)) {
      const children = await readAll(entry.createReader());
      children.sort((a, b) => a.name.localeCompare(b.name));
      for (const child of children) await visit(child);
    }
  };
  for (const entry of entries) await visit(entry);
  return found;
}

export function electronTransport(bridge: AuditorBridge): Transport {
  return {
    kind: 'electron',
    async call(channel, request) {
      const method: unknown = (bridge as unknown as Record<string, unknown>)[methodName(channel)];
      if (typeof method !== 'function') return failure('INTERNAL', `The app does not expose ${channel}`);
      try {
        const answer: unknown = await method.call(bridge, request);
        return isResult(answer) ? answer : failure('INTERNAL', `Malformed answer from ${channel}`);
      } catch (error) {
        return failure('INTERNAL', describe(error));
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
    async resolveFiles(files) {
      return withPaths(files.map((file) => ({ file, label: labelOf(file) })));
    },
    // A dropped folder is a File whose path is the folder's: the engine expands it.
    async resolveDrop(data) {
      return withPaths([...data.files].map((file) => ({ file, label: file.name })));
    },
  };

  function withPaths(picked: { file: File; label: string }[]): ResolvedPath[] {
    return picked.map(({ file, label }) => {
      const path = bridge.pathForFile(file);
      if (!path) throw new ApiError('BAD_REQUEST', `${label} is not a file on this computer`);
      return { path, label };
    });
  }
}

/** Same-origin HTTP to the preview harness; the session cookie travels by default. */
export function harnessTransport(): Transport {
  const listeners = new Set<(event: EngineEvent) => void>();
  let source: EventSource | null = null;

  const openStream = () => {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      let event: EngineEvent;
      try {
        event = JSON.parse(message.data) as EngineEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  };

  const postJson = async (url: string, init: RequestInit): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetch(url, { ...init, method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
      return failure('INTERNAL', `The preview harness is not reachable (${describe(error)})`);
    }
    const body: unknown = await response.json().catch(() => null);
    if (isResult(body)) return body;
    if (response.status === 403) {
      return failure('FORBIDDEN', 'This preview session is not valid; open the URL the harness printed.');
    }
    return failure('INTERNAL', `The preview harness answered HTTP ${response.status}`);
  };

  return {
    kind: 'harness',
    call(channel, request) {
      return postJson(`/api/call/${channel}`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request ?? {}),
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      openStream();
      return () => {
        listeners.delete(listener);
      };
    },
    resolveFiles(files, onProgress) {
      return upload(
        files.map((file) => ({ file, label: labelOf(file) })),
        onProgress,
      );
    },
    async resolveDrop(data, onProgress) {
      // Synchronously, before the DataTransfer is emptied: entries keep working afterwards.
      const entries: FileSystemEntry[] = [];
      const loose: File[] = [];
      for (const item of data.items) {
        if (item.kind !== 'file') continue;
        const entry = item.webkitGetAsEntry();
        const file = entry ? null : item.getAsFile();
        if (entry) entries.push(entry);
        else if (file) loose.push(file);
      }
      const picked = [...(await walkEntries(entries)), ...loose.map((file) => ({ file, label: file.name }))];
      return upload(picked, onProgress);
    },
  };

  async function upload(picked: { file: File; label: string }[], onProgress?: (progress: UploadProgress) => void): Promise<ResolvedPath[]> {
    const paths: ResolvedPath[] = [];
    for (const [index, { file, label }] of picked.entries()) {
      onProgress?.({ file: label, index, count: picked.length });
      const result = await postJson(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      const value = result.value;
      if (typeof value !== 'object' || value === null || !('path' in value) || typeof value.path !== 'string') {
        throw new ApiError('INTERNAL', 'The preview harness did not return an upload path');
      }
      paths.push({ path: value.path, label });
    }
    return paths;
  }
}

function detectTransport(): Transport {
  const bridge = (window as Window & { auditor?: AuditorBridge }).auditor;
  return bridge ? electronTransport(bridge) : harnessTransport();
}

export const transport: Transport = detectTransport();

/** Calls a channel and answers its value, or throws an ApiError with the engine's code. */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await transport.call(channel, request);
  // The engine validated the request and built the response from the same contract.
  if (result.ok) return result.value as ResponseOf<C>;
  throw new ApiError(result.error.code, result.error.message);
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('INTERNAL', describe(error));
}
