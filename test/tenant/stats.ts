/**
 * What the tenant saw: every request (API, path, status, when) and how often each fault
 * fired, so a test can assert that a client waited at least Retry-After between a 429 and its
 * retry, or that a dropped connection was retried. Headers are not recorded: the token never
 * reaches the stats.
 */
import type { ApiName, FaultName } from './faults';
import { FAULT_NAMES } from './faults';

export interface RequestRecord {
  seq: number;
  method: string;
  /** the path without the query */
  path: string;
  /** path and query, as requested */
  url: string;
  api: ApiName | 'oauth' | null;
  /** the status sent; 0 until the headers are written */
  status: number;
  /** Date.now() when the request arrived and when its response ended (or the socket closed) */
  at: number;
  endedAt: number | null;
  fault: FaultName | null;
}

export class TenantStats {
  readonly requests: RequestRecord[] = [];
  readonly faults = Object.fromEntries(FAULT_NAMES.map((name) => [name, 0])) as Record<FaultName, number>;
  /** the latest event time any response has carried (late events are placed behind it) */
  maxServedMs = Number.NEGATIVE_INFINITY;
  /** events rendered into responses (a truncated body counts what was rendered, not what arrived) */
  eventsServed = 0;

  begin(method: string, url: string): RequestRecord {
    const path = url.split('?')[0] ?? url;
    const record: RequestRecord = { seq: this.requests.length + 1, method, path, url, api: null, status: 0, at: Date.now(), endedAt: null, fault: null };
    this.requests.push(record);
    return record;
  }

  count(fault: FaultName, record: RequestRecord): void {
    this.faults[fault]++;
    record.fault = fault;
  }

  served(ms: number): void {
    this.eventsServed++;
    if (ms > this.maxServedMs) this.maxServedMs = ms;
  }

  /** The requests to one API, in arrival order. */
  of(api: ApiName | 'oauth'): RequestRecord[] {
    return this.requests.filter((record) => record.api === api);
  }

  reset(): void {
    this.requests.length = 0;
    for (const name of FAULT_NAMES) this.faults[name] = 0;
    this.eventsServed = 0;
  }
}
