/**
 * The tenant's fault switches and the counters that prove each one fired. `setFaults`
 * replaces the whole set (an empty object switches everything off) and restarts the "every N"
 * counters, so a test knows exactly which request will fail: with `{every: 3}` the 3rd, 6th, …
 * request that reaches that switch. Each "every N" switch may be limited to some APIs.
 */
export const API_NAMES = ['export', 'pull', 'okta', 'github'] as const;
export type ApiName = (typeof API_NAMES)[number];

export interface EveryN {
  every: number;
  /** only requests to these APIs count and fail; all APIs when absent */
  apis?: readonly ApiName[];
}

export interface TenantFaults {
  /** 429 with Retry-After (and Okta's X-Rate-Limit-* saying 0 remain) */
  rateLimit?: EveryN & { retryAfterSeconds: number };
  /** 500, then 503, alternately */
  serverErrors?: EveryN;
  /** the socket is reset after the headers and part of the body */
  dropConnection?: EveryN;
  /** Content-Length of the whole body, then half of it, then the connection ends */
  truncate?: EveryN;
  /** every response waits this long before its headers */
  slowMs?: number;
  /** completed export jobs get links that are already expired (true: all; count: the next N jobs) */
  expiredLinks?: boolean | { count: number };
  /** export jobs go RUNNING → FAILED with an `error` (true: all; count: the next N jobs) */
  failJobs?: boolean | { count: number };
  /** POST /api/v1/exports is refused by a BUNDLE_EXPORT policy (403) */
  denyExport?: boolean;
  /** every authenticated request answers 403 (the token lacks a permission) */
  forbidden?: boolean;
  /** the pull API's audit retention in days (overrides the server option while set) */
  retentionDays?: number;
}

export const FAULT_NAMES = [
  'rateLimit', 'serverError', 'dropConnection', 'truncate', 'slow', 'expiredLink', 'failJob', 'denyExport', 'forbidden', 'retentionClamp', 'oktaRateBudget',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

type Countdown = 'expiredLinks' | 'failJobs';

export class FaultState {
  private faults: TenantFaults = {};
  private readonly counters = new Map<string, number>();
  private readonly left = new Map<Countdown, number>();

  set(faults: TenantFaults): void {
    for (const key of ['rateLimit', 'serverErrors', 'dropConnection', 'truncate'] as const) {
      const rule = faults[key];
      if (rule !== undefined && (!Number.isSafeInteger(rule.every) || rule.every < 1)) throw new RangeError(`tenant faults: ${key}.every must be a positive integer`);
    }
    this.faults = { ...faults };
    this.counters.clear();
    this.left.clear();
    for (const key of ['expiredLinks', 'failJobs'] as const) {
      const value = faults[key];
      if (typeof value === 'object') this.left.set(key, value.count);
    }
  }

  get current(): Readonly<TenantFaults> {
    return this.faults;
  }

  /** Counts this request against an "every N" switch; true when it is the one to fail. */
  hits(key: 'rateLimit' | 'serverErrors' | 'dropConnection' | 'truncate', api: ApiName): boolean {
    const rule = this.faults[key];
    if (rule === undefined || (rule.apis !== undefined && !rule.apis.includes(api))) return false;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n % rule.every === 0;
  }

  /** For the countdown switches: true when this job is affected (and uses one of N up). */
  takes(key: Countdown): boolean {
    const value = this.faults[key];
    if (value === true) return true;
    const left = this.left.get(key) ?? 0;
    if (typeof value !== 'object' || left <= 0) return false;
    this.left.set(key, left - 1);
    return true;
  }
}
