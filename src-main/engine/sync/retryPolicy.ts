/**
 * When to try again and how long to wait: exponential backoff with full jitter (AWS
 * Architecture Blog, "Exponential Backoff And Jitter", 2015), `Retry-After` (RFC 9110 §10.2.3)
 * as a floor under it, and a token bucket for each client's request-rate ceiling. Time comes
 * from the injected clock so tests assert exact waits without waiting.
 */
import { AppError } from '../../../src-shared/errors';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits `ms` with `sleep`, or rejects with CANCELLED as soon as `signal` aborts. */
export async function pause(sleep: Sleep, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw cancelled();
  if (ms <= 0) return;
  let onAbort: (() => void) | null = null;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'The sync was cancelled.');
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * The wait before retry number `attempt` (1 = the wait after the first failure): uniformly
 * random in [0, min(maxDelay, base · 2^(attempt−1))), and never less than the server's
 * Retry-After.
 */
export function backoffDelay(attempt: number, retryAfterMs: number | null, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(options.random() * ceiling);
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (text === '') return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/**
 * At most `perSecond` requests per second, at most `burst` at once (a token bucket). Callers
 * queue in order; a cancelled caller leaves the queue without holding it up. `holdUntil`
 * pauses every request until a moment the server named (rate-limit reset headers).
 */
export class RateGate {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private heldUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  holdUntil(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, ms);
  }

  take(signal: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw cancelled();
      const now = this.now();
      if (now < this.heldUntil) {
        await pause(this.sleep, this.heldUntil - now, signal);
        continue;
      }
      if (!(this.perSecond > 0) || !Number.isFinite(this.perSecond)) return;
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await pause(this.sleep, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000), signal);
    }
  }
}

/**
 * Rate-limit headers a server sends to be obeyed before it answers 429: Okta's
 * `X-Rate-Limit-Limit/-Remaining/-Reset` and GitHub's `X-RateLimit-*` (reset in epoch
 * seconds). When few requests remain, the rest are spread evenly until the reset, so the
 * run slows down instead of hitting the wall; none remaining waits for the reset.
 * Returns the moment (ms) before which the next request should not start, or null.
 */
export function rateLimitHold(headers: Record<string, string>, nowMs: number, maxHoldMs: number): number | null {
  const remainingText = headers['x-rate-limit-remaining'] ?? headers['x-ratelimit-remaining'];
  const resetText = headers['x-rate-limit-reset'] ?? headers['x-ratelimit-reset'];
  const limitText = headers['x-rate-limit-limit'] ?? headers['x-ratelimit-limit'];
  if (remainingText === undefined || resetText === undefined) return null;
  const remaining = Number(remainingText);
  const resetMs = Number(resetText) * 1000;
  if (!Number.isFinite(remaining) || !Number.isFinite(resetMs) || resetMs <= nowMs) return null;
  const limit = limitText === undefined ? NaN : Number(limitText);
  const low = Number.isFinite(limit) && limit > 0 ? remaining < Math.max(2, limit * 0.1) : remaining < 5;
  if (!low) return null;
  const spacing = (resetMs - nowMs) / (Math.max(0, remaining) + 1);
  return nowMs + Math.min(maxHoldMs, Math.ceil(spacing));
}
