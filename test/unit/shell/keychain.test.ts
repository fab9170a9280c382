import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeychain, type SafeStorageLike } from '../../../src-main/keychain';

const KEY = Buffer.alloc(32, 7).toString('base64');

/** A stand-in for the OS keychain: reversible, but never stores the plaintext as is. */
function fakeSafeStorage(overrides: Partial<{ available: boolean; backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>; reEncrypt: boolean; failDecrypt: boolean }> = {}) {
  const settings = { available: true, backend: 'gnome_libsecret' as const, reEncrypt: false, failDecrypt: false, ...overrides };
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => settings.available),
    getSelectedStorageBackend: vi.fn(() => settings.backend),
    encryptStringAsync: vi.fn(async (plain: string) => Buffer.concat([Buffer.from('FAKE'), mask(Buffer.from(plain, 'utf8'))])),
    decryptStringAsync: vi.fn(async (blob: Buffer) => {
      if (settings.failDecrypt || !blob.subarray(0, 4).equals(Buffer.from('FAKE'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: mask(blob.subarray(4)).toString('utf8'), shouldReEncrypt: settings.reEncrypt };
    }),
  } satisfies SafeStorageLike;
}

let userData: string;
let dir: string;
beforeEach(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'aw-keychain-'));
  dir = path.join(userData, 'keychain');
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

describe('keychain', () => {
  it('treats the Linux basic_text backend as no keychain and writes nothing', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), dir, platform: 'linux' });
    expect(await keychain.status()).toMatchObject({ available: false });
    const stored = await keychain.store('E1', KEY);
    expect(stored).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    expect(existsSync(dir)).toBe(false);
    expect(await keychain.load('E1')).toBeNull();
  });

  it('treats an undecided Linux backend (before ready) as no keychain', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage({ backend: 'unknown' }), dir, platform: 'linux' });
    expect(await keychain.status()).toMatchObject({ available: false });
  });

  it('reports no keychain when safeStorage cannot encrypt', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage({ available: false }), dir, platform: 'darwin' });
    expect(await keychain.status()).toMatchObject({ available: false });
  });

  it('asks for the Linux backend only on Linux', async () => {
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    const keychain = createKeychain({ safeStorage, dir, platform: 'win32' });
    expect(await keychain.status()).toEqual({ available: true });
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('stores the wrapped key as keychain/<engagementId>.bin, owner-only, and unwraps it again', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' });
    expect(await keychain.store('E1', KEY)).toEqual({ ok: true, value: { stored: true } });
    const file = path.join(dir, 'E1.bin');
    const blob = await readFile(file);
    expect(blob.toString('latin1')).not.toContain(KEY);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['E1.bin']);
    expect(await keychain.load('E1')).toBe(KEY);
  });

  it('returns null for an engagement it does not remember', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' });
    expect(await keychain.load('E2')).toBeNull();
  });

  it('returns null when unwrapping fails and keeps the wrapped key on disk', async () => {
    await createKeychain({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' }).store('E1', KEY);
    const broken = createKeychain({ safeStorage: fakeSafeStorage({ failDecrypt: true }), dir, platform: 'linux' });
    expect(await broken.load('E1')).toBeNull();
    expect(existsSync(path.join(dir, 'E1.bin'))).toBe(true);
  });

  it('keeps the wrapped key when the keychain later turns out to be basic_text', async () => {
    await createKeychain({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' }).store('E1', KEY);
    const plain = createKeychain({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), dir, platform: 'linux' });
    expect(await plain.load('E1')).toBeNull();
    expect(existsSync(path.join(dir, 'E1.bin'))).toBe(true);
  });

  it('does not use a wrapped key that was copied under another engagement id', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' });
    await keychain.store('E1', KEY);
    await copyFile(path.join(dir, 'E1.bin'), path.join(dir, 'E2.bin'));
    expect(await keychain.load('E2')).toBeNull();
  });

  it('refuses engagement ids that could leave the keychain folder', async () => {
    const keychain = createKeychain({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' });
    expect(await keychain.store('../escape', KEY)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await writeFile(path.join(userData, 'escape.bin'), 'x');
    expect(await keychain.load('../escape')).toBeNull();
    expect(existsSync(dir)).toBe(false);
  });

  it('rewrites, never deletes, a blob the OS asks to re-encrypt', async () => {
    const safeStorage = fakeSafeStorage({ reEncrypt: true });
    const keychain = createKeychain({ safeStorage, dir, platform: 'linux' });
    await keychain.store('E1', KEY);
    expect(await keychain.load('E1')).toBe(KEY);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(2);
    expect(await readdir(dir)).toEqual(['E1.bin']);
  });
});
