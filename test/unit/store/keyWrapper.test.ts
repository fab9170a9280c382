import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { checkKdfStrength, DEFAULT_KDF, KDF_FLOOR, parseKeyWrapper, unwrapDataKey, wrapDataKey } from '../../../src-main/engine/workspace/keyWrapper';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof AppError ? error.code : `non-AppError: ${(error as Error).message}`;
  }
}

describe('key wrapper', () => {
  it('unwraps the exact data key with the right passphrase', async () => {
    const key = randomBytes(32);
    const wrapper = await wrapDataKey(key, 'correct horse battery', 'eng-1');
    expect(wrapper.kdf).toMatchObject({ name: 'scrypt', N: DEFAULT_KDF.N, r: DEFAULT_KDF.r, p: DEFAULT_KDF.p });
    expect((await unwrapDataKey(wrapper, 'correct horse battery')).equals(key)).toBe(true);
  });

  it('answers WRONG_PASSPHRASE for a wrong passphrase', async () => {
    const wrapper = await wrapDataKey(randomBytes(32), 'correct horse battery', 'eng-1');
    expect(await codeOf(unwrapDataKey(wrapper, 'wrong horse battery'))).toBe('WRONG_PASSPHRASE');
  });

  it('treats NFC and NFD spellings of a passphrase as the same passphrase', async () => {
    const key = randomBytes(32);
    const wrapper = await wrapDataKey(key, 'Zo\u00eb-passphrase', 'eng-1');
    expect((await unwrapDataKey(wrapper, 'Zoe\u0308-passphrase')).equals(key)).toBe(true);
  });

  it('refuses a header weaker than the floor before deriving anything', async () => {
    const wrapper = await wrapDataKey(randomBytes(32), 'correct horse battery', 'eng-1');
    const weakened = { ...wrapper, kdf: { ...wrapper.kdf, N: 2 ** 14 } };
    expect(await codeOf(unwrapDataKey(weakened, 'correct horse battery'))).toBe('WEAK_KEY_HEADER');
    expect(() => checkKdfStrength({ ...wrapper.kdf, N: KDF_FLOOR.N })).not.toThrow();
    expect(() => checkKdfStrength({ ...wrapper.kdf, r: 4 })).toThrow(/minimum accepted/);
    expect(() => checkKdfStrength({ ...wrapper.kdf, salt: Buffer.alloc(8).toString('base64') })).toThrow(/salt/);
  });

  it('detects a header whose parameters were edited (they are authenticated data)', async () => {
    const wrapper = await wrapDataKey(randomBytes(32), 'correct horse battery', 'eng-1');
    const edited = { ...wrapper, engagementId: 'eng-2' };
    expect(await codeOf(unwrapDataKey(edited, 'correct horse battery'))).toBe('WRONG_PASSPHRASE');
  });

  it('names the page cipher of the database: AEGIS-256 for a new engagement, authenticated like the rest of the header', async () => {
    const key = randomBytes(32);
    const wrapper = await wrapDataKey(key, 'correct horse battery', 'eng-1');
    expect(wrapper.dbCipher).toBe('aegis-256');
    // An engagement made before AEGIS-256 keeps its cipher; its header parses and unwraps as before.
    const older = await wrapDataKey(key, 'correct horse battery', 'eng-1', DEFAULT_KDF, 'chacha20');
    expect(parseKeyWrapper(JSON.stringify(older), 'keys.json').dbCipher).toBe('chacha20');
    expect((await unwrapDataKey(older, 'correct horse battery')).equals(key)).toBe(true);
    // A header whose cipher was swapped does not unwrap: the database would not open with it anyway.
    expect(await codeOf(unwrapDataKey({ ...wrapper, dbCipher: 'chacha20' }, 'correct horse battery'))).toBe('WRONG_PASSPHRASE');
    expect(() => parseKeyWrapper(JSON.stringify({ ...wrapper, dbCipher: 'rc4' }), '/x/keys.json')).toThrow(/\/x\/keys\.json .*dbCipher/);
  });

  it('names the file when the wrapper is not a wrapper', () => {
    expect(() => parseKeyWrapper('{"format":"other"}', '/x/keys.json')).toThrow(/\/x\/keys\.json/);
    expect(() => parseKeyWrapper('not json', '/x/keys.json')).toThrow(/not valid JSON/);
  });
});
