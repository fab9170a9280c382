/**
 * The engagement's data key: 256 random bits, wrapped by a key derived from the passphrase
 * with scrypt (memory-hard, RFC 7914) and AES-256-GCM. The KDF parameters are stored with the
 * wrapper and authenticated as associated data, so a header cannot be weakened unnoticed, and
 * a floor refuses headers below current guidance (OWASP: scrypt N=2^17, r=8, p=1).
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import { canonicalJson } from '../../../src-shared/canonicalJson';
import { DB_CIPHERS, NEW_DB_CIPHER, type DbCipher } from '../store/database';

export const KEY_WRAPPER_FORMAT = 'auditor-workstation/key-wrapper' as const;
export const DATA_KEY_BYTES = 32;

/** What new wrappers use: 128 MiB of memory per derivation. */
export const DEFAULT_KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;
/** The weakest header still accepted (64 MiB); anything below is refused, never "upgraded". */
export const KDF_FLOOR = { N: 2 ** 16, r: 8, p: 1, saltBytes: 16 } as const;
/** The strongest header accepted: bounds the memory a crafted header can make us allocate. */
const KDF_CEILING = { N: 2 ** 20, r: 16, p: 4 } as const;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const keyWrapperSchema = z.object({
  format: z.literal(KEY_WRAPPER_FORMAT),
  version: z.literal(1),
  engagementId: z.string().min(1).max(100),
  dbCipher: z.enum(DB_CIPHERS),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: base64,
  }),
  wrap: z.object({
    cipher: z.literal('aes-256-gcm'),
    iv: base64,
    tag: base64,
    ciphertext: base64,
  }),
});
export type KeyWrapper = z.infer<typeof keyWrapperSchema>;

function associatedData(wrapper: Pick<KeyWrapper, 'format' | 'version' | 'engagementId' | 'dbCipher' | 'kdf'>): Buffer {
  return Buffer.from(
    canonicalJson({
      format: wrapper.format,
      version: wrapper.version,
      engagementId: wrapper.engagementId,
      dbCipher: wrapper.dbCipher,
      kdf: wrapper.kdf,
    }),
  );
}

function deriveKey(passphrase: string, kdf: KeyWrapper['kdf']): Promise<Buffer> {
  const salt = Buffer.from(kdf.salt, 'base64');
  // Node refuses scrypt above `maxmem`; the need is 128 * N * r bytes plus slack.
  const maxmem = 128 * kdf.N * kdf.r + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFC'), salt, DATA_KEY_BYTES, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Refuses a header weaker than the floor or absurdly expensive, before any derivation runs. */
export function checkKdfStrength(kdf: KeyWrapper['kdf']): void {
  const salt = Buffer.from(kdf.salt, 'base64');
  const powerOfTwo = kdf.N > 1 && (kdf.N & (kdf.N - 1)) === 0;
  if (!powerOfTwo || kdf.N < KDF_FLOOR.N || kdf.r < KDF_FLOOR.r || kdf.p < KDF_FLOOR.p || salt.length < KDF_FLOOR.saltBytes) {
    throw new AppError(
      'WEAK_KEY_HEADER',
      `the key wrapper asks for scrypt N=${kdf.N}, r=${kdf.r}, p=${kdf.p} with a ${salt.length}-byte salt; ` +
        `the minimum accepted is N=${KDF_FLOOR.N}, r=${KDF_FLOOR.r}, p=${KDF_FLOOR.p}, ${KDF_FLOOR.saltBytes}-byte salt`,
    );
  }
  if (kdf.N > KDF_CEILING.N || kdf.r > KDF_CEILING.r || kdf.p > KDF_CEILING.p) {
    throw new AppError('WEAK_KEY_HEADER', `the key wrapper asks for scrypt parameters beyond what this version accepts (N=${kdf.N}, r=${kdf.r}, p=${kdf.p})`);
  }
}

export async function wrapDataKey(
  dataKey: Buffer,
  passphrase: string,
  engagementId: string,
  kdfParams: { N: number; r: number; p: number } = DEFAULT_KDF,
  dbCipher: DbCipher = NEW_DB_CIPHER,
): Promise<KeyWrapper> {
  const kdf = { name: 'scrypt' as const, N: kdfParams.N, r: kdfParams.r, p: kdfParams.p, salt: randomBytes(16).toString('base64') };
  checkKdfStrength(kdf);
  const header = { format: KEY_WRAPPER_FORMAT, version: 1 as const, engagementId, dbCipher, kdf };
  const kek = await deriveKey(passphrase, kdf);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(associatedData(header));
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  kek.fill(0);
  return {
    ...header,
    wrap: {
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    },
  };
}

export function parseKeyWrapper(text: string, fileName: string): KeyWrapper {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('CORRUPT', `${fileName} is not valid JSON`);
  }
  const parsed = keyWrapperSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('CORRUPT', `${fileName} is not a key wrapper this version understands (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape'})`);
  }
  return parsed.data;
}

/** Unwraps the data key; a wrong passphrase fails the GCM tag check and says so. */
export async function unwrapDataKey(wrapper: KeyWrapper, passphrase: string): Promise<Buffer> {
  checkKdfStrength(wrapper.kdf);
  const kek = await deriveKey(passphrase, wrapper.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapper.wrap.iv, 'base64'));
    decipher.setAAD(associatedData(wrapper));
    decipher.setAuthTag(Buffer.from(wrapper.wrap.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(wrapper.wrap.ciphertext, 'base64')), decipher.final()]);
    if (key.length !== DATA_KEY_BYTES) throw new AppError('CORRUPT', 'the key wrapper holds a key of the wrong length');
    return key;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('WRONG_PASSPHRASE', 'the passphrase does not unlock this engagement (nothing was changed)');
  } finally {
    kek.fill(0);
  }
}
