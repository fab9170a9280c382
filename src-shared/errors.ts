/**
 * Every handler answers `{ok: true, value}` or `{ok: false, error: {code, message}}`.
 * The codes are a closed set so every surface (UI, CLI, harness) can render them in words.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'NO_ENGAGEMENT',
  'ENGAGEMENT_OPEN',
  'ENGAGEMENT_EXISTS',
  'NOT_AN_ENGAGEMENT',
  'PASSPHRASE_REQUIRED',
  'WRONG_PASSPHRASE',
  'WEAK_KEY_HEADER',
  'KEYCHAIN_UNAVAILABLE',
  'CORRUPT',
  'MIGRATION_FAILED',
  'IO_ERROR',
  'UNSUPPORTED_FORMAT',
  'CANCELLED',
  'FORBIDDEN',
  'AUTH_FAILED',
  'RATE_LIMITED',
  'NETWORK',
  'REMOTE_ERROR',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An error whose message is safe to show a user: it never carries keys, tokens or passphrases. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message };
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Short words for each code, used by the UI and the CLI before the specific message. */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Invalid request',
  NOT_FOUND: 'Not found',
  NO_ENGAGEMENT: 'No engagement is open',
  ENGAGEMENT_OPEN: 'An engagement is already open',
  ENGAGEMENT_EXISTS: 'An engagement already exists there',
  NOT_AN_ENGAGEMENT: 'Not an engagement folder',
  PASSPHRASE_REQUIRED: 'Passphrase required',
  WRONG_PASSPHRASE: 'Wrong passphrase',
  WEAK_KEY_HEADER: 'Key header refused',
  KEYCHAIN_UNAVAILABLE: 'No OS keychain',
  CORRUPT: 'Damaged engagement',
  MIGRATION_FAILED: 'Upgrade failed',
  IO_ERROR: 'File error',
  UNSUPPORTED_FORMAT: 'Unsupported file',
  CANCELLED: 'Cancelled',
  FORBIDDEN: 'Not allowed',
  AUTH_FAILED: 'Credential refused',
  RATE_LIMITED: 'Rate limited',
  NETWORK: 'Connection failed',
  REMOTE_ERROR: 'Tenant API error',
  INTERNAL: 'Unexpected error',
};
