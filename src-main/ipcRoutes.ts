/**
 * The Electron transport of the contract (DESIGN.md, "Processes"). Every public channel is an
 * `ipcMain.handle('aw:' + channel)` route that, in order: drops calls from any frame that is
 * not the app's own main frame on app://auditor (Electron Fiddle `src/main/ipc.ts`; security
 * checklist item 17), checks the request against the contract schema before anything else
 * runs, handles the OS-keychain half of `engagement.create`/`engagement.open`, and forwards
 * the rest to the engine. The data key only moves main ↔ engine here; it never reaches the
 * renderer, a response or a log.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import type { z } from 'zod';
import { EVENT_CHANNEL, IPC_PREFIX, PUBLIC_CHANNELS, type PublicChannel } from '../src-shared/channels';
import { contract, type EngineEvent, type ParsedRequestOf, type RequestOf, type ResponseOf } from '../src-shared/contract';
import type { EngagementSummary } from '../src-shared/engagement';
import { fail, ok, type Result } from '../src-shared/errors';
import type { EngineClient } from './engine/engineClient';
import type { Keychain } from './keychain';
import { isAppUrl } from './window';

/** The parts of a WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId?: number;
  readonly routingId?: number;
  readonly detached?: boolean;
}

export interface RouteDeps {
  engine: Pick<EngineClient, 'call' | 'internal'>;
  keychain: Keychain;
}

/**
 * A call is trusted only when it comes from the main window's main frame (never a subframe,
 * another window or a detached frame) and that frame is showing the app's own origin.
 */
export function isTrustedSender(senderFrame: FrameLike | null | undefined, mainFrame: FrameLike | null | undefined): boolean {
  try {
    if (!senderFrame || !mainFrame || senderFrame.detached === true) return false;
    const sameFrame =
      senderFrame === mainFrame ||
      (typeof senderFrame.processId === 'number' &&
        typeof senderFrame.routingId === 'number' &&
        senderFrame.processId === mainFrame.processId &&
        senderFrame.routingId === mainFrame.routingId);
    return sameFrame && isAppUrl(senderFrame.url);
  } catch {
    // A disposed WebFrameMain throws on property access.
    return false;
  }
}

const MAX_MESSAGE = 400;

/** Issue kinds whose messages are fixed text about length or type, never about the value. */
const VALUE_FREE_ISSUES = new Set(['too_small', 'too_big', 'invalid_type']);

/**
 * A short BAD_REQUEST message: at most three issues, each "path: problem". For a passphrase
 * only length/type problems are described, and any occurrence of it is masked, whatever the
 * issue says.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): string {
  const parts = issues.slice(0, 3).map((issue) => {
    const where = issue.path.map(String).join('.') || 'request';
    const secretField = issue.path.includes('passphrase');
    return secretField && !VALUE_FREE_ISSUES.has(issue.code) ? `${where}: invalid` : `${where}: ${issue.message}`;
  });
  if (issues.length > 3) parts.push(`and ${issues.length - 3} more`);
  let message = `invalid request (${parts.join('; ')})`;
  const secret = passphraseOf(raw);
  if (secret) message = message.split(secret).join('***');
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

function passphraseOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, 'passphrase')) return null;
  const value: unknown = Reflect.get(raw, 'passphrase');
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function validateRequest<C extends PublicChannel>(channel: C, raw: unknown): Result<ParsedRequestOf<C>> {
  const schema: z.ZodType = contract[channel].request;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return fail('BAD_REQUEST', describeIssues(parsed.error.issues, raw));
  // The schema of channel C produced this value, so it is C's parsed request.
  return ok(parsed.data as ParsedRequestOf<C>);
}

/** Validates, then runs the channel: keychain-aware for the two engagement-opening channels. */
export async function routeRequest(deps: RouteDeps, channel: PublicChannel, raw: unknown): Promise<Result<unknown>> {
  const request = validateRequest(channel, raw);
  if (!request.ok) return request;
  try {
    if (channel === 'engagement.create') {
      return await createEngagement(deps, request.value as ParsedRequestOf<'engagement.create'>);
    }
    if (channel === 'engagement.open') {
      return await openEngagement(deps, request.value as ParsedRequestOf<'engagement.open'>);
    }
    return await forward(deps, channel, request.value);
  } catch {
    // The engine's own failures arrive as Results; a throw means the worker is gone. Its
    // message is not shown: it could quote a request.
    return fail('INTERNAL', 'the engine did not answer');
  }
}

function forward<C extends PublicChannel>(deps: RouteDeps, channel: C, request: unknown): Promise<Result<ResponseOf<C>>> {
  // Parsed requests are valid inputs of the same schema (defaults filled in).
  return deps.engine.call(channel, request as RequestOf<C>);
}

async function createEngagement(deps: RouteDeps, request: ParsedRequestOf<'engagement.create'>): Promise<Result<EngagementSummary>> {
  const created = await deps.engine.call('engagement.create', request);
  if (!created.ok || !request.remember) return created;
  return ok(await rememberKey(deps, created.value));
}

async function openEngagement(deps: RouteDeps, request: ParsedRequestOf<'engagement.open'>): Promise<Result<EngagementSummary>> {
  if (request.passphrase === undefined) return openWithRememberedKey(deps, request.folder);
  const opened = await deps.engine.call('engagement.open', request);
  if (!opened.ok || !request.remember) return opened;
  return ok(await rememberKey(deps, opened.value));
}

/**
 * After a successful create/open with `remember`: wrap the engine's data key with the OS
 * keychain. The engagement is open either way; `remembered` in the answer says whether it
 * worked (false when there is no usable keychain).
 */
export async function rememberKey(deps: RouteDeps, summary: EngagementSummary): Promise<EngagementSummary> {
  const status = await deps.keychain.status();
  if (!status.available) return { ...summary, remembered: false };
  const exported = await deps.engine.internal('key.export', {});
  // A different id means another engagement is open by now; never file its key under this one.
  if (!exported.ok || exported.value.engagementId !== summary.id) return { ...summary, remembered: false };
  const stored = await deps.keychain.store(summary.id, exported.value.keyBase64);
  if (!stored.ok) return { ...summary, remembered: false };
  await deps.engine.internal('recent.setRemembered', { folder: summary.folder, remembered: true });
  return { ...summary, remembered: true };
}

/** `engagement.open` without a passphrase: use the key this computer's keychain remembers. */
export async function openWithRememberedKey(deps: RouteDeps, folder: string): Promise<Result<EngagementSummary>> {
  const status = await deps.keychain.status();
  if (!status.available) {
    return fail('KEYCHAIN_UNAVAILABLE', `No key can be remembered on this computer (${status.reason}); enter the passphrase.`);
  }
  const recent = await deps.engine.call('engagement.recent', {});
  const entry = recent.ok ? recent.value.items.find((item) => samePath(item.folder, folder)) : undefined;
  const key = entry ? await deps.keychain.load(entry.id) : null;
  if (!entry || key === null) {
    return fail('PASSPHRASE_REQUIRED', 'This computer does not remember a key for this engagement; enter the passphrase.');
  }
  const opened = await deps.engine.internal('engagement.openWithKey', { folder, keyBase64: key });
  if (!opened.ok && opened.error.code === 'WRONG_PASSPHRASE') {
    return fail('PASSPHRASE_REQUIRED', 'The remembered key no longer opens this engagement; enter the passphrase.');
  }
  return opened;
}

function samePath(a: string, b: string): boolean {
  const left = path.resolve(a);
  const right = path.resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? left.toLowerCase() === right.toLowerCase() : left === right;
}

/** The sender check, then the route. */
export async function handleInvoke(
  deps: RouteDeps,
  mainFrame: FrameLike | null,
  channel: PublicChannel,
  event: { readonly senderFrame: FrameLike | null },
  raw: unknown,
): Promise<Result<unknown>> {
  if (!isTrustedSender(event.senderFrame, mainFrame)) {
    console.warn(`auditor: refused ${channel} from a frame that is not the app's main frame`);
    return fail('FORBIDDEN', 'only the app window may call the engine');
  }
  return routeRequest(deps, channel, raw);
}

export interface WindowLike {
  readonly webContents: {
    readonly mainFrame: FrameLike;
    isDestroyed(): boolean;
    send(channel: string, payload: EngineEvent): void;
  };
  isDestroyed(): boolean;
}

export interface IpcRouteOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  engine: EngineClient;
  keychain: Keychain;
  /** The current main window (null while none is open). */
  mainWindow: () => WindowLike | null;
}

function liveWindow(getWindow: () => WindowLike | null): WindowLike | null {
  const window = getWindow();
  return window && !window.isDestroyed() && !window.webContents.isDestroyed() ? window : null;
}

/** Registers one route per public channel and forwards engine events; returns the undo. */
export function registerIpcRoutes(options: IpcRouteOptions): () => void {
  const deps: RouteDeps = { engine: options.engine, keychain: options.keychain };
  for (const channel of PUBLIC_CHANNELS) {
    options.ipcMain.handle(IPC_PREFIX + channel, (event: IpcMainInvokeEvent, raw: unknown) =>
      handleInvoke(deps, liveWindow(options.mainWindow)?.webContents.mainFrame ?? null, channel, event, raw),
    );
  }
  const unsubscribe = options.engine.onEvent((event) => {
    const window = liveWindow(options.mainWindow);
    // Events go only to the app's own page, like the answers.
    if (window && isTrustedSender(window.webContents.mainFrame, window.webContents.mainFrame)) {
      window.webContents.send(EVENT_CHANNEL, event);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of PUBLIC_CHANNELS) options.ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}
