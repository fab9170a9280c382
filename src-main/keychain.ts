/**
 * One-click reopening (DESIGN.md, "Engagements"): an engagement's random data key may also be
 * wrapped by the OS keychain through Electron's safeStorage. Modelled on Signal Desktop's
 * key handling: Linux's `basic_text` backend (a hard-coded password, i.e. plaintext) counts as
 * no keychain at all, and a key that is missing or cannot be unwrapped is reported as absent so
 * the user is asked for the passphrase; nothing here ever deletes a wrapped key.
 */
import type { SafeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../src-shared/errors';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export type KeychainStatus = { available: true } | { available: false; reason: string };

export interface Keychain {
  status(): Promise<KeychainStatus>;
  /** Wraps the data key and stores it for the engagement (replacing an older blob atomically). */
  store(engagementId: string, keyBase64: string): Promise<Result<{ stored: true }>>;
  /** The unwrapped key, or null when none is remembered, the keychain is unavailable or unwrapping fails. */
  load(engagementId: string): Promise<string | null>;
}

export interface KeychainOptions {
  safeStorage: SafeStorageLike;
  /** userData/keychain */
  dir: string;
  platform?: NodeJS.Platform;
}

/** Backends that do not protect the key: `basic_text` is plaintext; `unknown` means not decided yet (before `ready`). */
const UNSAFE_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);
/** Blob contents name the engagement, so a wrapped key copied under another id is not used. */
const BLOB_PREFIX = 'auditor-workstation/data-key/v1';
const ENGAGEMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function createKeychain(options: KeychainOptions): Keychain {
  const { safeStorage, dir } = options;
  const platform = options.platform ?? process.platform;

  async function status(): Promise<KeychainStatus> {
    try {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        return { available: false, reason: 'the OS keychain is not available' };
      }
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend();
        if (UNSAFE_LINUX_BACKENDS.has(backend)) {
          return { available: false, reason: `the Linux password store is ${backend} (no secret service or KWallet)` };
        }
      }
      return { available: true };
    } catch {
      return { available: false, reason: 'the OS keychain did not answer' };
    }
  }

  function blobPath(engagementId: string): string | null {
    return ENGAGEMENT_ID.test(engagementId) ? path.join(dir, `${engagementId}.bin`) : null;
  }

  async function store(engagementId: string, keyBase64: string): Promise<Result<{ stored: true }>> {
    const file = blobPath(engagementId);
    if (file === null) return fail('BAD_REQUEST', 'unexpected engagement id');
    const current = await status();
    if (!current.available) return fail('KEYCHAIN_UNAVAILABLE', `Cannot remember the key: ${current.reason}.`);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const blob = await safeStorage.encryptStringAsync(`${BLOB_PREFIX}:${engagementId}:${keyBase64}`);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(temp, blob, { mode: 0o600, flag: 'wx' });
      await rename(temp, file);
      return ok({ stored: true });
    } catch {
      // Only our own half-written temporary file is removed; a stored blob is never touched.
      await rm(temp, { force: true }).catch(() => undefined);
      return fail('KEYCHAIN_UNAVAILABLE', 'Cannot remember the key: the OS keychain refused to wrap it.');
    }
  }

  async function load(engagementId: string): Promise<string | null> {
    const file = blobPath(engagementId);
    if (file === null || !(await status()).available) return null;
    let blob: Buffer;
    try {
      blob = await readFile(file);
    } catch {
      return null;
    }
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(blob);
      const expected = `${BLOB_PREFIX}:${engagementId}:`;
      if (!result.startsWith(expected)) return null;
      const key = result.slice(expected.length);
      if (shouldReEncrypt) {
        // The OS rotated its key; rewrite (never delete) the blob under the new one.
        await store(engagementId, key);
      }
      return key;
    } catch {
      return null;
    }
  }

  return { status, store, load };
}
